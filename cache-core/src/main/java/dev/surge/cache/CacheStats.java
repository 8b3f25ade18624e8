package dev.surge.cache;

import java.util.Map;

/**
 * An immutable snapshot of a cache's counters, taken by {@link HttpCache#stats()}. Counters only grow over the
 * life of a cache; {@code entries} and {@code bytes} are the current size.
 *
 * @param hits requests answered with a stored response (full or HEAD)
 * @param notModified conditional requests answered with a 304 from a stored response
 * @param staleWhileRevalidating requests answered with a stale entry while another request rendered its
 *     fresh copy ({@code stale-while-revalidate})
 * @param staleIfError requests answered with a stale entry instead of an error, or after the render they
 *     waited for failed or timed out ({@code stale-if-error})
 * @param misses cacheable requests that had to be rendered (for an adapter that learns from the handler whether
 *     a request may use the cache, counted once the handler is chosen: see {@link
 *     PipelineStep#beforeHandlerChosen})
 * @param revalidated misses of a stale entry that the application answered with a {@code 304} to its
 *     validators: the stored body was served again, freshened, without a render (RFC 9111 §4.3)
 * @param revalidationFailed revalidations the application answered with 500, 502, 503 or 504, or that threw
 *     or were cut short
 * @param bypasses requests kept out of the cache, by reason, including requests whose handler turned out not
 *     to let them use it ({@link BypassReason#NOT_CACHEABLE}); they count in neither misses nor rejections
 * @param rejections responses not stored, by reason: refused once finished, or, for a key asked for too
 *     rarely ({@link RejectReason#RARELY_USED}), not copied from the start
 * @param stores responses stored
 * @param coalescedWaits requests that waited for another request rendering the same key
 * @param coalescingTimeouts waits that gave up after the configured bound and rendered themselves
 * @param invalidations entries removed by purges and unsafe requests
 * @param evictions entries removed to respect the size bounds
 * @param expirations entries removed because they were no longer fresh
 * @param recycles generations dropped whole
 * @param entries entries held now
 * @param bytes estimated bytes held now
 */
public record CacheStats(
    long hits,
    long notModified,
    long staleWhileRevalidating,
    long staleIfError,
    long misses,
    long revalidated,
    long revalidationFailed,
    Map<BypassReason, Long> bypasses,
    Map<RejectReason, Long> rejections,
    long stores,
    long coalescedWaits,
    long coalescingTimeouts,
    long invalidations,
    long evictions,
    long expirations,
    long recycles,
    long entries,
    ByteSize bytes) {

  /** Copies the maps, so the snapshot cannot change. */
  public CacheStats {
    bypasses = Map.copyOf(bypasses);
    rejections = Map.copyOf(rejections);
  }

  /** The number of requests kept out of the cache for {@code reason}. */
  public long bypasses(BypassReason reason) {
    return bypasses.getOrDefault(reason, 0L);
  }

  /** The number of responses not stored for {@code reason}. */
  public long rejections(RejectReason reason) {
    return rejections.getOrDefault(reason, 0L);
  }

  /** The total number of responses not stored, whatever the reason (see {@link #rejections(RejectReason)}). */
  public long totalRejections() {
    return rejections.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The total number of bypassed requests. */
  public long totalBypasses() {
    return bypasses.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Requests answered from the cache (hits, 304s and stale entries) over all requests that could use the
   * cache (those plus the misses; bypassed requests do not count); 0 when there were none.
   */
  public double hitRatio() {
    long served = hits + notModified + staleWhileRevalidating + staleIfError;
    long total = served + misses;
    return total == 0 ? 0 : (double) served / total;
  }
}
