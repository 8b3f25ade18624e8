package dev.surge.cache.redis;

import java.util.concurrent.atomic.LongAdder;

/** The purge fan-out's counters, bumped from any thread. */
final class FanOutCounters {
  final LongAdder published = new LongAdder();
  final LongAdder publishFailures = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder echoes = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder resubscriptions = new LongAdder();
  final LongAdder replayed = new LongAdder();
}
