package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseHeaders;
import java.time.Instant;

/**
 * The optional {@code Cache-Status} response field (RFC 9211) that tells a client what the cache did:
 * {@code Surge; hit; ttl=42}, {@code Surge; fwd=uri-miss}, {@code Surge; fwd=bypass; detail=method}. A stale
 * entry served shows a negative {@code ttl} (how many seconds stale) and why it was served: {@code Surge; hit;
 * ttl=-3; detail=stale-while-revalidate}; the request that renders its fresh copy, or asks the application to
 * revalidate it, shows {@code fwd=stale}, and {@code fwd=stale; fwd-status=304; ttl=60} when the application
 * answered 304 and the stored body was served.
 * When switched off it produces no field at all.
 */
public final class CacheStatusField {

  /** The field name. */
  public static final String NAME = "Cache-Status";
  private static final String CACHE = "Surge";
  private static final ResponseHeaders NONE = ResponseHeaders.empty();

  private final boolean enabled;

  /** A producer of the field, or of nothing when {@code enabled} is false. */
  public CacheStatusField(boolean enabled) {
    this.enabled = enabled;
  }

  ResponseHeaders hit(CachedResponse entry, Instant now) {
    return enabled ? field(CACHE + "; hit; ttl=" + entry.freshnessSecondsLeftAt(now)) : NONE;
  }

  ResponseHeaders staleHit(CachedResponse entry, Instant now, String why) {
    return enabled ? field(CACHE + "; hit; ttl=" + entry.freshnessSecondsLeftAt(now) + "; detail=" + why) : NONE;
  }

  ResponseHeaders staleRefresh() {
    return enabled ? field(CACHE + "; fwd=stale") : NONE;
  }

  ResponseHeaders revalidated(CachedResponse entry, Instant now) {
    return enabled ? field(CACHE + "; fwd=stale; fwd-status=304; ttl=" + entry.freshnessSecondsLeftAt(now)) : NONE;
  }

  ResponseHeaders miss() {
    return enabled ? field(CACHE + "; fwd=uri-miss") : NONE;
  }

  ResponseHeaders bypass(BypassReason reason) {
    return enabled ? field(CACHE + "; fwd=bypass; detail=" + reason.label()) : NONE;
  }

  private static ResponseHeaders field(String value) {
    return ResponseHeaders.builder().add(NAME, value).build();
  }
}
