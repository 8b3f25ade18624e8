package dev.surge.cache.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * How long a response stays fresh, how old it is when it arrives, and how long it may be served stale or kept
 * for revalidation (RFC 9111 §4.2, RFC 5861), under the configured default and maximum lifetimes. Pure
 * functions of the response's fields (given as a lookup from a field name to its values, in any case) and the
 * time of arrival; thread-safe.
 */
public final class Freshness {

  private final Duration defaultTtl;
  private final Duration maximumTtl;
  private final Duration defaultStaleWhileRevalidate;
  private final Duration defaultStaleIfError;

  /**
   * Rules giving {@code defaultTtl} to responses that state no freshness, never more than {@code maximumTtl}
   * for freshness and stale windows together, and the given default stale windows to responses without
   * their own.
   */
  public Freshness(
      Duration defaultTtl, Duration maximumTtl, Duration defaultStaleWhileRevalidate, Duration defaultStaleIfError) {
    this.defaultTtl = defaultTtl;
    this.maximumTtl = maximumTtl;
    this.defaultStaleWhileRevalidate = defaultStaleWhileRevalidate;
    this.defaultStaleIfError = defaultStaleIfError;
  }

  /**
   * The freshness lifetime of a response with {@code fields} received at {@code now}: {@code s-maxage}, else
   * {@code max-age}, else {@code Expires} minus {@code Date}, else the default, capped at the maximum; zero
   * when it says {@code no-cache} (it must be validated before every use).
   */
  public Duration lifetime(Instant now, CacheControl cacheControl, Function<String, List<String>> fields) {
    if (cacheControl.noCache()) {
      return Duration.ZERO;
    }
    Optional<Duration> explicit = cacheControl.sMaxAge().or(cacheControl::maxAge);
    Duration ttl;
    if (explicit.isPresent()) {
      ttl = explicit.get();
    } else if (!fields.apply("Expires").isEmpty()) {
      ttl = expiresLifetime(now, fields);
    } else {
      ttl = defaultTtl;
    }
    return capped(ttl);
  }

  /** {@code ttl}, or the maximum when it is longer. */
  public Duration capped(Duration ttl) {
    return ttl.compareTo(maximumTtl) > 0 ? maximumTtl : ttl;
  }

  /**
   * How long a response that is fresh for {@code ttl} may be served stale while one request renders a fresh
   * copy: its own {@code stale-while-revalidate}, else the configured default unless it arrived stale (see
   * {@link #window}).
   */
  public Duration staleWhileRevalidate(CacheControl cacheControl, Duration ttl, boolean arrivedStale) {
    Duration configured = arrivedStale ? Duration.ZERO : defaultStaleWhileRevalidate;
    return window(cacheControl, cacheControl.staleWhileRevalidate(), configured, ttl);
  }

  /**
   * How long a response that is fresh for {@code ttl} may be served stale instead of an error: its own {@code
   * stale-if-error}, else the configured default unless it arrived stale (see {@link #window}).
   */
  public Duration staleIfError(CacheControl cacheControl, Duration ttl, boolean arrivedStale) {
    Duration configured = arrivedStale ? Duration.ZERO : defaultStaleIfError;
    return window(cacheControl, cacheControl.staleIfError(), configured, ttl);
  }

  /**
   * A stale window: the response's own directive, else the configured default, but never when it says {@code
   * no-cache}, {@code must-revalidate} or {@code proxy-revalidate}, and the default not when it says {@code
   * s-maxage} (which implies {@code proxy-revalidate} for a shared cache, RFC 9111 §5.2.2.10); capped so that
   * freshness and window together stay within the maximum TTL.
   */
  private Duration window(CacheControl cacheControl, Optional<Duration> directive, Duration configured, Duration ttl) {
    if (cacheControl.noCache() || cacheControl.mustRevalidate() || cacheControl.has("proxy-revalidate")) {
      return Duration.ZERO;
    }
    Duration window = directive.orElse(cacheControl.sMaxAge().isPresent() ? Duration.ZERO : configured);
    Duration room = maximumTtl.minus(ttl);
    return window.compareTo(room) > 0 ? room : window;
  }

  /**
   * The age a response with {@code fields} has when its request arrived at {@code now} (RFC 9111 §4.2.3):
   * the larger of its apparent age ({@code now} minus its {@code Date}, when that is positive) and its {@code
   * Age} field. The time the render took is counted from then on, since the entry's age runs from the
   * request's arrival.
   */
  public static Duration initialAge(Instant now, Function<String, List<String>> fields) {
    Duration ageField = upstreamAge(fields);
    Optional<Instant> date = first(fields, "Date").flatMap(HttpDates::parse);
    if (date.isEmpty() || !date.get().isBefore(now)) {
      return ageField;
    }
    Duration apparentAge = Duration.between(date.get(), now);
    return apparentAge.compareTo(ageField) > 0 ? apparentAge : ageField;
  }

  /**
   * The upstream {@code Age} (RFC 9111 §5.1): the first member of the first field, so that a list such as
   * {@code Age: 100, 5} counts as 100; zero when absent or not a number.
   */
  private static Duration upstreamAge(Function<String, List<String>> fields) {
    Optional<String> first = first(fields, "Age");
    if (first.isEmpty()) {
      return Duration.ZERO;
    }
    String value = first.get();
    int comma = value.indexOf(',');
    OptionalLong age = DeltaSeconds.parse(comma < 0 ? value : value.substring(0, comma));
    return Duration.ofSeconds(age.orElse(0));
  }

  /**
   * {@code Expires} minus {@code Date}, where a missing or invalid {@code Date} is the time of receipt
   * (RFC 9110 §6.6.1); an invalid or repeated {@code Expires} means already expired (RFC 9111 §5.3).
   */
  private static Duration expiresLifetime(Instant now, Function<String, List<String>> fields) {
    List<String> expires = fields.apply("Expires");
    Optional<Instant> expiresAt = expires.size() == 1 ? HttpDates.parse(expires.get(0)) : Optional.empty();
    if (expiresAt.isEmpty()) {
      return Duration.ZERO;
    }
    Instant date = first(fields, "Date").flatMap(HttpDates::parse).orElse(now);
    Duration lifetime = Duration.between(date, expiresAt.get());
    return lifetime.isNegative() ? Duration.ZERO : lifetime; // expired before it was sent
  }

  private static Optional<String> first(Function<String, List<String>> fields, String name) {
    List<String> values = fields.apply(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
