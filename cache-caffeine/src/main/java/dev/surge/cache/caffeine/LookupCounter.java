package dev.surge.cache.caffeine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts lookups without making threads share one counter: each thread counts on a stripe of its own, and a
 * stripe adds to the shared total only once per batch. With a batch of one the total is exact; with a larger
 * batch it lags behind by less than a batch per stripe.
 */
final class LookupCounter {

  /** Longs between two stripes, so that no two stripes share a 64- or 128-byte cache line. */
  private static final int SPACING = 16;
  private static final int STRIPES = Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1;

  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES * SPACING);
  private final AtomicLong total = new AtomicLong();
  private final long batchMask;

  /** A counter whose total lags by less than a thousandth of {@code limit} per stripe, and never by more than 63. */
  LookupCounter(long limit) {
    long batch = Long.highestOneBit(Math.max(1, Math.min(64, limit / 1024)));
    this.batchMask = batch - 1;
  }

  /** Counts one lookup; true when it completed a batch, the moment to look at {@link #total()}. */
  boolean countOne() {
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    long counted = stripes.incrementAndGet(stripe * SPACING);
    if ((counted & batchMask) != 0) {
      return false;
    }
    total.addAndGet(batchMask + 1);
    return true;
  }

  /** The lookups counted in completed batches. */
  long total() {
    return total.get();
  }
}
