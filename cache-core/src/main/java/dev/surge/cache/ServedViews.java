package dev.surge.cache;

import dev.surge.cache.internal.AcceptEncoding;
import dev.surge.cache.internal.EntityTag;
import dev.surge.cache.internal.EntityTagCondition;
import dev.surge.cache.internal.HttpDates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which view of a stored entry answers a request: of the content coding its {@code Accept-Encoding} selects
 * among those the entry holds, a {@code 304} when the request's own conditional fields match that variant
 * (RFC 9110 §13.2.2), a HEAD view, or the full response, each derived anew with its {@code Age}; the entry
 * itself never changes. Pure functions.
 */
final class ServedViews {

  private static final String HEAD = "HEAD";

  private ServedViews() {}

  /** See {@link CachePolicy#servedView(Instant, CacheRequest, CachedResponse)}. */
  static CachedResponse servedView(Instant now, CacheRequest request, CachedResponse entry) {
    CachedResponse variant = variantFor(request, entry);
    if (isNotModified(now, request, variant)) {
      return variant.notModifiedView(now);
    }
    return unconditionalView(now, request, variant);
  }

  /**
   * The entry in the content coding {@code request} accepts best among those it holds (see {@link
   * AcceptEncoding#select}); the entry itself when it holds one coding only.
   */
  static CachedResponse variantFor(CacheRequest request, CachedResponse entry) {
    if (!entry.hasVariants()) {
      return entry;
    }
    String coding = AcceptEncoding.of(request.headers("accept-encoding")).select(entry.codings());
    return entry.variant(coding).orElse(entry);
  }

  /** The HEAD view of {@code entry} for a HEAD request, else the full response, with its {@code Age}. */
  static CachedResponse unconditionalView(Instant now, CacheRequest request, CachedResponse entry) {
    return HEAD.equals(request.method()) ? entry.headView(now) : entry.fullView(now);
  }

  /**
   * RFC 9110 §13.2.2 for a cached GET or HEAD: {@code If-None-Match} (weak comparison) decides whenever it
   * is present (a malformed one matches nothing); only without it does {@code If-Modified-Since} (one-second precision, ignored when invalid,
   * repeated or in the future) compare with {@code Last-Modified}. Only 2xx entries answer 304.
   */
  static boolean isNotModified(Instant now, CacheRequest request, CachedResponse entry) {
    if (entry.status() < 200 || entry.status() > 299) {
      return false;
    }
    List<String> ifNoneMatch = request.headers("if-none-match");
    if (!ifNoneMatch.isEmpty()) {
      Optional<EntityTag> current = entry.etag().flatMap(EntityTag::parse);
      return EntityTagCondition.parse(ifNoneMatch)
          .map(condition -> condition.any() || current.map(condition::matchesWeakly).orElse(false))
          .orElse(false);
    }
    List<String> ifModifiedSince = request.headers("if-modified-since");
    if (ifModifiedSince.size() != 1) {
      return false;
    }
    Optional<Instant> since = HttpDates.parse(ifModifiedSince.get(0)).filter(date -> !date.isAfter(now));
    Optional<Instant> lastModified = entry.lastModified();
    return since.isPresent()
        && lastModified.isPresent()
        && lastModified.get().getEpochSecond() <= since.get().getEpochSecond();
  }
}
