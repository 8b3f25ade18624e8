package dev.surge.cache.redis;

import java.util.concurrent.atomic.LongAdder;

/** The shared tier's counters, bumped from any thread. */
final class TierCounters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder corrupt = new LongAdder();
  final LongAdder stores = new LongAdder();
  final LongAdder oversized = new LongAdder();
  final LongAdder putsDropped = new LongAdder();
  final LongAdder purgeFailures = new LongAdder();
}
