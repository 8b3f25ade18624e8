package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts invalidations so that a render which was already running when its resource was invalidated is not
 * stored afterwards: a render takes a {@link Mark} when it starts and may store only if no invalidation that
 * could cover it happened since. Purges of a prefix, a tag or everything count for every resource; an
 * invalidation of one resource counts for the resources sharing its stripe (a few false alarms, no misses).
 */
final class InvalidationEpochs {

  private static final int STRIPES = 256;

  private final AtomicLong everything = new AtomicLong();
  private final AtomicLongArray resources = new AtomicLongArray(STRIPES);

  /** The epochs a render of {@code primary} starts under. */
  record Mark(long everything, long resource) {}

  Mark mark(CacheKey primary) {
    return new Mark(everything.get(), resources.get(stripe(primary)));
  }

  /** Whether nothing that covers {@code primary} was invalidated since {@code mark} was taken. */
  boolean unchangedSince(Mark mark, CacheKey primary) {
    return mark.everything() == everything.get() && mark.resource() == resources.get(stripe(primary));
  }

  void resourceInvalidated(CacheKey primary) {
    resources.incrementAndGet(stripe(primary));
  }

  void manyInvalidated() {
    everything.incrementAndGet();
  }

  private static int stripe(CacheKey primary) {
    return Math.floorMod(primary.primary().hashCode(), STRIPES);
  }
}
