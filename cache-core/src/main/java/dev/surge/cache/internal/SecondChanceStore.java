package dev.surge.cache.internal;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ResponseStore} with the default store's bounds, freshness and recycling, built for lookups that do
 * as little as possible: a lookup is one {@link ConcurrentHashMap} read, a freshness check against the time it
 * is handed, and a flag set on the entry the first time it is used. Eviction is the second-chance (CLOCK)
 * approximation of LRU, done by the thread whose put passes the byte bound: a hand walks the entries, clears
 * the flag of each used entry and removes the first unused one, until the store fits again.
 *
 * <p>Both bounds hold through one weight, as in the default store: an entry weighs its size in bytes but never
 * less than {@code maximumBytes / maximumEntries}. Its size is the response's {@link CachedResponse#size()}, the
 * key's {@link CacheKey#size()} and {@link #ENTRY_BYTES} for what the store itself allocates per entry, so that
 * the byte bound holds for the heap the entries retain, small pages included.
 *
 * <p>Recycling after a number of lookups is exact up to 4,096 lookups and otherwise checked about every 64
 * lookups, so it may come that many lookups late.
 */
public final class SecondChanceStore implements ResponseStore {

  private static final Logger LOG = LoggerFactory.getLogger(SecondChanceStore.class);
  private static final long EXACT_COUNTING_UP_TO = 4096;
  private static final int CHECK_EVERY = 64;
  /**
   * What the store allocates per entry beyond the key and the response, measured with JOL on HotSpot 17 (64-bit,
   * compressed references): the map's node (32 bytes), the {@link Slot} (40), the {@code Optional} a hit returns
   * (16), and up to 16 bytes of the map's table, which holds between 1.33 and 2.67 references per entry.
   */
  static final long ENTRY_BYTES = 104;

  private final long maximumBytes;
  private final long maximumEntries;
  private final long fullAboveBytes;
  private final long minimumWeight;
  private final Duration maximumTtl;
  private final long recycleAfterRequests;
  private final Duration recycleAfter;
  private final InstantSource clock;
  private final AtomicReference<Generation> current;
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final AtomicLong recycles = new AtomicLong();

  /**
   * A store holding at most {@code maximumBytes} in at most {@code maximumEntries} entries, none kept past
   * {@code maximumTtl}, recycled after {@code recycleAfterRequests} lookups or {@code recycleAfter}.
   */
  public SecondChanceStore(
      ByteSize maximumBytes,
      long maximumEntries,
      Duration maximumTtl,
      long recycleAfterRequests,
      Duration recycleAfter,
      InstantSource clock) {
    this.maximumBytes = maximumBytes.bytes();
    this.maximumEntries = maximumEntries;
    this.fullAboveBytes = this.maximumBytes - this.maximumBytes / 8;
    this.minimumWeight = Math.max(1, this.maximumBytes / maximumEntries);
    this.maximumTtl = maximumTtl;
    this.recycleAfterRequests = recycleAfterRequests;
    this.recycleAfter = recycleAfter;
    this.clock = clock;
    this.current = new AtomicReference<>(new Generation(clock.instant()));
  }

  @Override
  public String description() {
    return ByteSize.ofBytes(maximumBytes) + " in memory, at most " + maximumEntries + " entries, recycled every "
        + recycleAfterRequests + " requests or " + ConfigText.duration(recycleAfter);
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return get(key, clock.instant());
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key, Instant now) {
    long nowNanos = epochNanos(now);
    Generation generation = liveGeneration(now, nowNanos);
    Slot slot = generation.entries.get(key);
    if (slot == null) {
      return Optional.empty();
    }
    if (nowNanos >= slot.keepUntilNanos) {
      if (generation.remove(key, slot)) {
        expirations.increment();
      }
      return Optional.empty();
    }
    if (!slot.used) {
      slot.used = true;
    }
    return slot.found;
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    Generation generation = current.get();
    Slot slot = new Slot(response, weigh(key, response), response.storedAt().plus(maximumTtl));
    Slot replaced = generation.entries.put(key, slot);
    generation.bytes.addAndGet(slot.weight - (replaced == null ? 0 : replaced.weight));
    if (generation.bytes.get() > maximumBytes) {
      generation.evictUntilWithin(maximumBytes);
    }
  }

  @Override
  public int invalidateResource(CacheKey key) {
    return current.get().removeIf(entry -> entry.getKey().sameResourceAs(key));
  }

  @Override
  public int invalidatePathPrefix(String pathPrefix) {
    return current.get().removeIf(entry -> entry.getKey().path().startsWith(pathPrefix));
  }

  @Override
  public int invalidatePath(String path, String query) {
    return current.get().removeIf(entry -> entry.getKey().path().equals(path) && entry.getKey().query().equals(query));
  }

  @Override
  public int invalidateTag(String tag) {
    return current.get().removeIf(entry -> entry.getValue().response.tags().contains(tag));
  }

  @Override
  public void invalidateAll() {
    current.get().removeIf(entry -> true);
  }

  @Override
  public void recycle() {
    replace(current.get(), clock.instant(), "on request");
  }

  /** Full once its entries weigh more than seven eighths of the byte bound. */
  @Override
  public boolean isFull() {
    return current.get().bytes.get() > fullAboveBytes;
  }

  @Override
  public Snapshot snapshot() {
    Generation generation = current.get();
    return new Snapshot(generation.entries.size(), ByteSize.ofBytes(Math.max(0, generation.bytes.get())),
        evictions.sum(), expirations.sum(), recycles.get());
  }

  private Generation liveGeneration(Instant now, long nowNanos) {
    Generation generation = current.get();
    if (nowNanos >= generation.recycleAtNanos) {
      return replace(generation, now, "after " + recycleAfter);
    }
    if (generation.countLookup()) {
      return replace(generation, now, "after " + recycleAfterRequests + " requests");
    }
    return generation;
  }

  private Generation replace(Generation old, Instant now, String why) {
    Generation fresh = new Generation(now);
    if (current.compareAndSet(old, fresh)) {
      recycles.incrementAndGet();
      LOG.info("recycled the response store {}: dropped {} entries ({} bytes)", why, old.entries.size(),
          Math.max(0, old.bytes.get()));
      return fresh;
    }
    return current.get();
  }

  private long weigh(CacheKey key, CachedResponse response) {
    return Math.max(minimumWeight, response.size().bytes() + key.size().bytes() + ENTRY_BYTES);
  }

  /** One stored response, its weight, the time the maximum TTL ends, and whether it was used lately. */
  private static final class Slot {
    final CachedResponse response;
    final Optional<CachedResponse> found;
    final long weight;
    /**
     * When it stops being served, in nanoseconds since the epoch: the end of its own lifetime (stale windows
     * included) or of the maximum TTL.
     */
    final long keepUntilNanos;
    /** A hint only: a lost update costs an entry one round of the hand, nothing more. */
    boolean used;

    Slot(CachedResponse response, long weight, Instant dropAt) {
      this.response = response;
      this.found = Optional.of(response);
      this.weight = weight;
      Instant endsAt = response.storedAt().plus(response.remainingLifetimeAt(response.storedAt()));
      this.keepUntilNanos = epochNanos(endsAt.isBefore(dropAt) ? endsAt : dropAt);
    }
  }

  /** One generation of entries, dropped whole on recycling. */
  private final class Generation {
    final long recycleAtNanos;
    final ConcurrentHashMap<CacheKey, Slot> entries = new ConcurrentHashMap<>();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong exactLookups = new AtomicLong();
    final LongAdder lookups = new LongAdder();
    private Iterator<Map.Entry<CacheKey, Slot>> hand;

    Generation(Instant startedAt) {
      this.recycleAtNanos = epochNanos(startedAt.plus(recycleAfter));
    }

    /** Counts one lookup; whether the generation has now served its share. */
    boolean countLookup() {
      if (recycleAfterRequests == Long.MAX_VALUE) {
        return false;
      }
      if (recycleAfterRequests <= EXACT_COUNTING_UP_TO) {
        return exactLookups.incrementAndGet() >= recycleAfterRequests;
      }
      lookups.increment();
      return ThreadLocalRandom.current().nextInt(CHECK_EVERY) == 0 && lookups.sum() >= recycleAfterRequests;
    }

    boolean remove(CacheKey key, Slot slot) {
      if (entries.remove(key, slot)) {
        bytes.addAndGet(-slot.weight);
        return true;
      }
      return false;
    }

    int removeIf(Predicate<Map.Entry<CacheKey, Slot>> condition) {
      int removed = 0;
      for (Map.Entry<CacheKey, Slot> entry : entries.entrySet()) {
        if (condition.test(entry) && remove(entry.getKey(), entry.getValue())) {
          removed++;
        }
      }
      return removed;
    }

    synchronized void evictUntilWithin(long bound) {
      while (bytes.get() > bound && !entries.isEmpty()) {
        if (hand == null || !hand.hasNext()) {
          hand = entries.entrySet().iterator();
          continue;
        }
        Map.Entry<CacheKey, Slot> entry = hand.next();
        Slot slot = entry.getValue();
        if (slot.used) {
          slot.used = false;
        } else if (remove(entry.getKey(), slot)) {
          evictions.increment();
        }
      }
    }
  }
}
