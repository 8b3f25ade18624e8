package dev.surge.cache.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters of the purge fan-out and the shared tier, bumped from any thread; read as {@link RedisStats}. */
final class RedisCounters {
  final LongAdder published = new LongAdder();
  final LongAdder publishFailures = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder echoes = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder resubscriptions = new LongAdder();
  final LongAdder tierHits = new LongAdder();
  final LongAdder tierMisses = new LongAdder();
  final LongAdder tierTimeouts = new LongAdder();
  final LongAdder tierErrors = new LongAdder();
  final LongAdder tierCorrupt = new LongAdder();
  final LongAdder tierStores = new LongAdder();
  final LongAdder tierOversized = new LongAdder();
  final LongAdder tierPutsDropped = new LongAdder();
  final LongAdder tierStalePuts = new LongAdder();
  final LongAdder tierPurgeFailures = new LongAdder();
  final LongAdder fleetRendersClaimed = new LongAdder();
  final LongAdder fleetWaits = new LongAdder();
  final LongAdder fleetWaitsServed = new LongAdder();
}
