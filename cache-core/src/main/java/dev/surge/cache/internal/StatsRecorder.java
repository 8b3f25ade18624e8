package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.CacheStats;
import dev.surge.cache.RejectReason;
import dev.surge.cache.ResponseStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The cache's counters, cheap to bump from many threads at once. */
public final class StatsRecorder {

  private final LongAdder hits = new LongAdder();
  private final LongAdder notModified = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder revalidated = new LongAdder();
  private final LongAdder revalidationFailed = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder coalescedWaits = new LongAdder();
  private final LongAdder coalescingTimeouts = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder staleWhileRevalidating = new LongAdder();
  private final LongAdder staleIfError = new LongAdder();
  private final Map<BypassReason, LongAdder> bypasses = counters(BypassReason.class);
  private final Map<RejectReason, LongAdder> rejections = counters(RejectReason.class);

  void hit() {
    hits.increment();
  }

  void notModified() {
    notModified.increment();
  }

  void staleWhileRevalidating() {
    staleWhileRevalidating.increment();
  }

  void staleIfError() {
    staleIfError.increment();
  }

  void miss() {
    misses.increment();
  }

  void revalidated() {
    revalidated.increment();
  }

  void revalidationFailed() {
    revalidationFailed.increment();
  }

  void stored() {
    stores.increment();
  }

  void coalescedWait() {
    coalescedWaits.increment();
  }

  void coalescingTimeout() {
    coalescingTimeouts.increment();
  }

  /** Counts {@code count} entries removed by a purge or an unsafe request. */
  public void invalidated(long count) {
    invalidations.add(count);
  }

  void bypassed(BypassReason reason) {
    bypasses.get(reason).increment();
  }

  void rejected(RejectReason reason) {
    rejections.get(reason).increment();
  }

  /** A snapshot of these counters together with the store's. */
  public CacheStats snapshot(ResponseStore.Snapshot store) {
    return new CacheStats(
        hits.sum(),
        notModified.sum(),
        staleWhileRevalidating.sum(),
        staleIfError.sum(),
        misses.sum(),
        revalidated.sum(),
        revalidationFailed.sum(),
        sums(BypassReason.class, bypasses),
        sums(RejectReason.class, rejections),
        stores.sum(),
        coalescedWaits.sum(),
        coalescingTimeouts.sum(),
        invalidations.sum(),
        store.evictions(),
        store.expirations(),
        store.recycles(),
        store.entries(),
        store.bytes());
  }

  private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
    Map<E, LongAdder> counters = new EnumMap<>(type);
    for (E constant : type.getEnumConstants()) {
      counters.put(constant, new LongAdder());
    }
    return counters;
  }

  private static <E extends Enum<E>> Map<E, Long> sums(Class<E> type, Map<E, LongAdder> counters) {
    Map<E, Long> sums = new EnumMap<>(type);
    counters.forEach((reason, counter) -> {
      long sum = counter.sum();
      if (sum > 0) {
        sums.put(reason, sum);
      }
    });
    return sums;
  }
}
