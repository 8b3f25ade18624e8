package dev.surge.cache.caffeine;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The validated options of one store, times already in the nanoseconds of its ticker.
 *
 * @param maximumBytes the weight bound
 * @param minimumWeight what the smallest entry weighs, so that the weight bound also bounds the entry count
 * @param maximumTtlNanos the longest an entry is kept
 * @param recycleAfterRequests the lookups after which a generation is dropped
 * @param recycleAfterNanos the age at which a generation is dropped
 * @param clock the clock freshness is judged by
 */
record StoreLimits(
    long maximumBytes,
    long minimumWeight,
    long maximumTtlNanos,
    long recycleAfterRequests,
    long recycleAfterNanos,
    InstantSource clock) {

  /** A duration in nanoseconds, or {@link Long#MAX_VALUE} when it is longer than that. */
  static long nanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toNanos();
  }
}
