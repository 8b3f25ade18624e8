package dev.surge.cache.redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one cache has caught up with the fleet's purges: Redis numbers every published purge (a counter
 * next to the purge channel), and this holds the highest number this cache has applied, its own purges
 * included. A render this cache stores in the shared tier while Redis already counts a purge it has not
 * applied may predate that purge, so the shared tier refuses it: a purge wins over every write of an entry
 * rendered before it.
 */
final class PurgeSequence {

  /** The number of a cache that never takes part in purge fan-out: it never refuses a write. */
  static final long NOT_FANNED_OUT = Long.MAX_VALUE;

  private final AtomicLong applied;
  private final boolean fansOut;

  private PurgeSequence(long start) {
    this.applied = new AtomicLong(start);
    this.fansOut = start != NOT_FANNED_OUT;
  }

  /** The sequence of a cache whose purges fan out, before it has applied any. */
  static PurgeSequence fannedOut() {
    return new PurgeSequence(0);
  }

  /** The sequence of a cache whose purges do not fan out. */
  static PurgeSequence notFannedOut() {
    return new PurgeSequence(NOT_FANNED_OUT);
  }

  /** The purge numbered {@code number} (and every one before it that this cache heard of) is applied here. */
  void applied(long number) {
    applied.accumulateAndGet(number, Math::max);
  }

  /**
   * Whether this cache's purges fan out: then the fan-out purges the shared tier, once for the whole fleet
   * (see {@link PurgeFanOut}), and the cache's store leaves it alone.
   */
  boolean fansOut() {
    return fansOut;
  }

  /** The highest purge number this cache has applied. */
  long applied() {
    return applied.get();
  }
}
