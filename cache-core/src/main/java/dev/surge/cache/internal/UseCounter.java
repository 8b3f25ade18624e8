package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Roughly how often each key was asked for lately, in a fixed table of small counters indexed by the key's
 * hash: no key is retained, and memory does not grow with the number of distinct keys. Two keys sharing a
 * slot add up (a key may be admitted a little early); counts are halved every so often, so that old demand
 * fades. Thread-safe; a lost increment under a race only delays an admission.
 */
final class UseCounter {

  private static final int SLOTS = 1 << 16;
  private static final int MAXIMUM_COUNT = 15;
  private static final long HALVE_EVERY = SLOTS * 4L;

  private final AtomicIntegerArray counts = new AtomicIntegerArray(SLOTS);
  private final AtomicLong recorded = new AtomicLong();

  /** Records one more use of {@code key}; returns its count including this one. */
  int record(CacheKey key) {
    int slot = slot(key);
    int count = counts.updateAndGet(slot, current -> Math.min(MAXIMUM_COUNT, current + 1));
    if (recorded.incrementAndGet() % HALVE_EVERY == 0) {
      halve();
    }
    return count;
  }

  /** The uses of {@code key} counted now. */
  int count(CacheKey key) {
    return counts.get(slot(key));
  }

  private void halve() {
    for (int slot = 0; slot < SLOTS; slot++) {
      counts.updateAndGet(slot, current -> current >>> 1);
    }
  }

  private static int slot(CacheKey key) {
    int hash = key.hashCode();
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
