package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseHeaders;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Revalidation of a stored response with its origin (RFC 9111 §4.3): the conditional request fields that
 * ask whether it is still current, whether a {@code 304 Not Modified} answers for it, and its header fields
 * updated by that 304. Pure functions; responses are given as a lookup from a field name to its values.
 */
public final class Revalidation {

  /**
   * Fields a 304 never changes in a stored response, beyond those never stored: the ones its body and its
   * variant depend on (RFC 9111 §3.2), since a 304 describes no body of its own.
   */
  private static final ImmutableSet<String> KEPT_FROM_THE_STORED_RESPONSE =
      ImmutableSet.of("content-length", "content-encoding", "content-type", "content-range", "vary");

  private Revalidation() {}

  /**
   * The request fields that revalidate a response whose origin gave it {@code originEtag} and {@code
   * lastModified}: {@code If-None-Match} with that tag and {@code If-Modified-Since} with that date in the
   * preferred IMF-fixdate format (an origin that supports both evaluates the first, RFC 9110 §13.2.2). Empty
   * when there is neither, or when they are not a valid tag and date.
   */
  public static ResponseHeaders conditionalFields(Optional<String> originEtag, Optional<String> lastModified) {
    ResponseHeaders.Builder fields = ResponseHeaders.builder();
    originEtag.filter(tag -> EntityTag.parse(tag).isPresent()).ifPresent(tag -> fields.add("If-None-Match", tag));
    lastModified.flatMap(HttpDates::parse) // in the preferred format, whichever the application used
        .ifPresent(date -> fields.add("If-Modified-Since", HttpDates.format(date)));
    return fields.build();
  }

  /**
   * The conditional fields that revalidate {@code stored} for {@code request} (RFC 9111 §4.3.1-4.3.2), or
   * empty when the request must reach the application as it is, because its client may hold a newer version
   * than the cache:
   *
   * <ul>
   *   <li>a request with {@code If-None-Match}: its own conditional fields, unchanged, when its list names the
   *       stored {@code ETag} (so the application's answer is both the client's and the cache's); empty when
   *       the list is {@code *}, malformed, or does not name it;
   *   <li>a request with only {@code If-Modified-Since}: the stored response's fields, unless the date is valid
   *       and later than the stored {@code Last-Modified} (or there is none to compare with): then empty;
   *   <li>any other request: the stored response's fields.
   * </ul>
   */
  public static Optional<ResponseHeaders> fieldsFor(CacheRequest request, CachedResponse stored) {
    List<String> ifNoneMatch = request.headers("if-none-match");
    List<String> ifModifiedSince = request.headers("if-modified-since");
    if (!ifNoneMatch.isEmpty()) {
      Optional<EntityTag> storedTag = storedTag(stored);
      boolean namesStored = storedTag.isPresent() && EntityTagCondition.parse(ifNoneMatch)
          .filter(condition -> !condition.any() && condition.matchesWeakly(storedTag.get())).isPresent();
      if (!namesStored) {
        return Optional.empty();
      }
      ResponseHeaders.Builder own = ResponseHeaders.builder();
      ifNoneMatch.forEach(value -> own.add("If-None-Match", value));
      ifModifiedSince.forEach(value -> own.add("If-Modified-Since", value));
      return Optional.of(own.build());
    }
    Optional<Instant> since = ifModifiedSince.size() == 1 ? HttpDates.parse(ifModifiedSince.get(0)) : Optional.empty();
    if (since.isPresent() && stored.lastModified().filter(date -> !since.get().isAfter(date)).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(stored.conditionalFields());
  }

  /**
   * Whether a 304 with {@code notModified}'s fields, the answer to a request that carried {@code sent} (from
   * {@link #fieldsFor}), validates {@code stored} (RFC 9111 §4.3.4): its {@code ETag}, if it has one, is the
   * stored one (weak comparison, as for {@code If-None-Match} itself: an application that turns {@code
   * W/"7"} into {@code "7"} names the same version), and its {@code Last-Modified}, if it has one, is the
   * stored one. A 304 without an {@code ETag} validates only when the request asked about no other tag.
   */
  public static boolean validates(
      CachedResponse stored, ResponseHeaders sent, Function<String, List<String>> notModified) {
    List<String> etags = notModified.apply("ETag");
    Optional<EntityTag> storedTag = storedTag(stored);
    if (!etags.isEmpty()) {
      Optional<EntityTag> answered = EntityTag.parse(etags.get(0));
      if (answered.isEmpty() || storedTag.isEmpty() || !answered.get().weakMatch(storedTag.get())) {
        return false;
      }
    } else if (!sent.all("If-None-Match").isEmpty()) {
      boolean askedAboutStoredOnly = EntityTagCondition.parse(sent.all("If-None-Match"))
          .filter(condition -> condition.tags().size() == 1).isPresent();
      if (!askedAboutStoredOnly) {
        return false;
      }
    }
    List<String> lastModified = notModified.apply("Last-Modified");
    if (lastModified.isEmpty()) {
      return true;
    }
    Optional<Instant> answered = HttpDates.parse(lastModified.get(0));
    return answered.isPresent() && answered.equals(stored.lastModified());
  }

  /** The application's {@code ETag} of {@code stored}, the one its conditional fields ask about. */
  private static Optional<EntityTag> storedTag(CachedResponse stored) {
    return stored.conditionalFields().first("If-None-Match").flatMap(EntityTag::parse);
  }

  /**
   * {@code stored}'s fields updated by a 304's {@code notModified} fields (RFC 9111 §3.2, §4.3.4): each field
   * the 304 carries replaces every stored field of its name, except the {@code neverStored} ones (lower
   * case: hop-by-hop, recomputed, the cache's own) and those the stored body and variant depend on; a 304
   * without {@code Date} sets it to {@code now}, when the cache received it. Empty when a field the 304 adds
   * is not a valid header field.
   */
  public static Optional<ResponseHeaders> updatedFields(
      ResponseHeaders stored, List<ResponseHeaders.Field> notModified, Set<String> neverStored, String now) {
    Set<String> replaced = new HashSet<>();
    for (ResponseHeaders.Field field : notModified) {
      String lower = Ascii.toLowerCase(field.name());
      if (!lower.startsWith(":") && !neverStored.contains(lower) && !KEPT_FROM_THE_STORED_RESPONSE.contains(lower)) {
        replaced.add(lower);
      }
    }
    replaced.add("date"); // the 304's own, or the time it arrived
    ResponseHeaders.Builder updated = ResponseHeaders.builder();
    stored.forEach((name, value) -> {
      if (!replaced.contains(Ascii.toLowerCase(name))) {
        updated.add(name, value);
      }
    });
    boolean dated = false;
    for (ResponseHeaders.Field field : notModified) {
      if (replaced.contains(Ascii.toLowerCase(field.name()))) {
        if (!ResponseHeaders.isValidName(field.name()) || !ResponseHeaders.isValidValue(field.value())) {
          return Optional.empty();
        }
        dated |= field.name().equalsIgnoreCase("Date");
        updated.add(field.name(), field.value());
      }
    }
    if (!dated) {
      updated.add("Date", now);
    }
    return Optional.of(updated.build());
  }
}
