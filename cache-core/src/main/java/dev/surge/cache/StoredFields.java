package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.internal.CacheStatusField;
import dev.surge.cache.internal.ContentHash;
import dev.surge.cache.internal.EntityTag;
import dev.surge.cache.internal.HttpDates;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The header fields and tags a stored entry keeps of a finished response: every valid field but the
 * hop-by-hop ones (those {@code Connection} names included), those recomputed on every answer and the cache's
 * own, plus a {@code Date} when the response had none, a generated strong {@code ETag} when configured and the
 * application set none, and the body's {@code Content-Length}. Pure and thread-safe.
 */
final class StoredFields {

  private static final ImmutableSet<String> HOP_BY_HOP =
      ImmutableSet.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final ImmutableSet<String> RECOMPUTED = ImmutableSet.of("age", "content-length");
  private static final Splitter COMMA = Splitter.on(',').trimResults().omitEmptyStrings();
  private static final Splitter TAG_SEPARATORS =
      Splitter.on(CharMatcher.anyOf(" ,\t")).trimResults().omitEmptyStrings();

  private final boolean generateEtags;
  private final String tagHeader;
  /** Response fields never stored: hop-by-hop, recomputed on every answer, or the cache's own. */
  private final Set<String> droppedFields;

  StoredFields(HttpCache.Builder settings) {
    this.generateEtags = settings.generateEtags;
    this.tagHeader = settings.tagHeader;
    this.droppedFields = ImmutableSet.<String>builder().addAll(HOP_BY_HOP).addAll(RECOMPUTED)
        .add(Ascii.toLowerCase(CacheStatusField.NAME), Ascii.toLowerCase(settings.tagHeader)).build();
  }

  /** The names (lower case) of the response fields never stored: hop-by-hop, recomputed, the cache's own. */
  Set<String> dropped() {
    return droppedFields;
  }

  /** The fields to store of {@code response} received at {@code now}; empty when one of them is invalid. */
  Optional<ResponseHeaders> of(Instant now, CapturedResponse response) {
    List<String> connectionFields = response.headers("Connection");
    Set<String> dropped = connectionFields.isEmpty() ? droppedFields : droppedWithConnectionOptions(connectionFields);
    ResponseHeaders.Builder headers = ResponseHeaders.builder();
    boolean hasEtag = false;
    for (ResponseHeaders.Field field : response.headers()) {
      String lower = Ascii.toLowerCase(field.name());
      if (lower.startsWith(":") || dropped.contains(lower)) {
        continue;
      }
      if (!ResponseHeaders.isValidName(field.name()) || !ResponseHeaders.isValidValue(field.value())) {
        return Optional.empty();
      }
      hasEtag |= lower.equals("etag");
      headers.add(field.name(), field.value());
    }
    if (response.headers("Date").isEmpty()) {
      headers.add("Date", HttpDates.format(now)); // RFC 9110 §6.6.1: a cache records when it received it
    }
    int status = response.status();
    if (generateEtags && !hasEtag && status == 200) {
      headers.add("ETag", EntityTag.strong(contentHash(response)).toHeaderValue());
    }
    if (status != 204 && status != 304) {
      headers.add("Content-Length", Integer.toString(response.bodyLength()));
    }
    return Optional.of(headers.build());
  }

  /** The tags of {@code response}: those of {@code rules} and those its tag header lists. */
  Set<String> tags(CapturedResponse response, StoreRules rules) {
    List<String> tagFields = response.headers(tagHeader);
    if (tagFields.isEmpty()) {
      return rules.tags();
    }
    Set<String> tags = new HashSet<>(rules.tags());
    for (String value : tagFields) {
      TAG_SEPARATORS.split(value).forEach(tags::add);
    }
    return tags;
  }

  /** The dropped fields plus those {@code Connection} names, hop-by-hop too (RFC 9110 §7.6.1). */
  private Set<String> droppedWithConnectionOptions(List<String> connectionFields) {
    Set<String> dropped = new HashSet<>(droppedFields);
    for (String connection : connectionFields) {
      COMMA.split(connection).forEach(name -> dropped.add(Ascii.toLowerCase(name)));
    }
    return dropped;
  }

  private static String contentHash(CapturedResponse response) {
    return ContentHash.of(response.bodyArray());
  }
}
