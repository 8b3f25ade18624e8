package dev.surge.cache.internal;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalCause;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ResponseStore}: an LRU bounded by bytes and by entry count, where each entry is served
 * only while fresh by its own lifetime, and whose whole content (a generation) is dropped at once after a
 * number of lookups or an age, the way a pre-forked worker takes its cache with it when it exits.
 *
 * <p>Both bounds hold together through one weight: an entry weighs its size in bytes but never less than
 * {@code maximumBytes / maximumEntries}, so neither more bytes nor more entries than configured are kept.
 */
public final class RecyclingStore implements ResponseStore {

  private static final Logger LOG = LoggerFactory.getLogger(RecyclingStore.class);
  /** Guava divides the weight bound among this many segments; an entry must fit in one. */
  static final int SEGMENTS = 4;

  private final long maximumBytes;
  private final long minimumWeight;
  private final Duration maximumTtl;
  private final long recycleAfterRequests;
  private final Duration recycleAfter;
  private final InstantSource clock;
  private final Ticker ticker;
  private final AtomicReference<Generation> current;
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final AtomicLong recycles = new AtomicLong();

  /**
   * A store holding at most {@code maximumBytes} in at most {@code maximumEntries} entries, none kept past
   * {@code maximumTtl}, recycled after {@code recycleAfterRequests} lookups or {@code recycleAfter}.
   */
  public RecyclingStore(
      ByteSize maximumBytes,
      long maximumEntries,
      Duration maximumTtl,
      long recycleAfterRequests,
      Duration recycleAfter,
      InstantSource clock) {
    this.maximumBytes = maximumBytes.bytes();
    this.minimumWeight = Math.max(1, this.maximumBytes / maximumEntries);
    this.maximumTtl = maximumTtl;
    this.recycleAfterRequests = recycleAfterRequests;
    this.recycleAfter = recycleAfter;
    this.clock = clock;
    this.ticker = clock.equals(InstantSource.system()) ? Ticker.systemTicker() : ticking(clock);
    this.current = new AtomicReference<>(newGeneration());
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return get(key, clock.instant());
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key, Instant now) {
    Generation generation = liveGeneration(now);
    CachedResponse entry = generation.entries.getIfPresent(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.isFreshAt(now)) {
      if (generation.entries.asMap().remove(key, entry)) {
        expirations.increment();
      }
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    Generation generation = current.get();
    long weight = weigh(key, response);
    generation.bytes.add(weight);
    generation.entries.put(key, response);
  }

  @Override
  public int invalidateResource(CacheKey key) {
    return removeIf(entry -> entry.getKey().sameResourceAs(key));
  }

  @Override
  public int invalidatePathPrefix(String pathPrefix) {
    return removeIf(entry -> entry.getKey().path().startsWith(pathPrefix));
  }

  @Override
  public int invalidateTag(String tag) {
    return removeIf(entry -> entry.getValue().tags().contains(tag));
  }

  @Override
  public void invalidateAll() {
    current.get().entries.invalidateAll();
  }

  @Override
  public void recycle() {
    replace(current.get(), "on request");
  }

  @Override
  public Snapshot snapshot() {
    Generation generation = current.get();
    return new Snapshot(
        generation.entries.size(),
        ByteSize.ofBytes(Math.max(0, generation.bytes.sum())),
        evictions.sum(),
        expirations.sum(),
        recycles.get());
  }

  private Generation liveGeneration(Instant now) {
    Generation generation = current.get();
    long requests = generation.requests.incrementAndGet();
    if (requests >= recycleAfterRequests) {
      return replace(generation, "after " + requests + " requests");
    }
    if (hasLived(generation.startedAt, now)) {
      return replace(generation, "after " + Duration.between(generation.startedAt, now));
    }
    return generation;
  }

  /** Whether {@code now} is {@code recycleAfter} or more past {@code startedAt}; compared without allocating. */
  private boolean hasLived(Instant startedAt, Instant now) {
    long seconds = now.getEpochSecond() - startedAt.getEpochSecond(); // cannot overflow within Instant's range
    int nanos = now.getNano() - startedAt.getNano();
    if (nanos < 0) {
      seconds--;
      nanos += 1_000_000_000;
    }
    long limit = recycleAfter.getSeconds();
    return seconds > limit || (seconds == limit && nanos >= recycleAfter.getNano());
  }

  /** Swaps in a new generation unless another thread already did; returns the one now current. */
  private Generation replace(Generation old, String why) {
    Generation fresh = newGeneration();
    if (current.compareAndSet(old, fresh)) {
      recycles.incrementAndGet();
      LOG.info("recycled the response store {}: dropped {} entries ({} bytes)",
          why, old.entries.size(), Math.max(0, old.bytes.sum()));
      return fresh;
    }
    return current.get();
  }

  private int removeIf(Predicate<Map.Entry<CacheKey, CachedResponse>> condition) {
    int[] removed = {0};
    current.get().entries.asMap().entrySet().removeIf(entry -> {
      boolean remove = condition.test(entry);
      removed[0] += remove ? 1 : 0;
      return remove;
    });
    return removed[0];
  }

  /**
   * A ticker for Guava's expiry that follows {@code clock}. The system clock gets Guava's own ticker instead:
   * it measures the same elapsed time without making an {@link Instant} on every lookup.
   */
  private static Ticker ticking(InstantSource clock) {
    return new Ticker() {
      @Override
      public long read() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }
    };
  }

  private long weigh(CacheKey key, CachedResponse response) {
    long bytes = response.size().bytes() + 2L * key.length();
    return Math.max(minimumWeight, bytes);
  }

  private Generation newGeneration() {
    return new Generation(clock.instant());
  }

  /** One generation of entries, dropped whole on recycling. */
  private final class Generation {
    final Instant startedAt;
    final AtomicLong requests = new AtomicLong();
    final LongAdder bytes = new LongAdder();
    final Cache<CacheKey, CachedResponse> entries;

    Generation(Instant startedAt) {
      this.startedAt = startedAt;
      this.entries =
          CacheBuilder.newBuilder()
              .concurrencyLevel(SEGMENTS)
              .maximumWeight(maximumBytes)
              .weigher((CacheKey key, CachedResponse value) -> (int) Math.min(Integer.MAX_VALUE, weigh(key, value)))
              .expireAfterWrite(maximumTtl)
              .ticker(ticker)
              .removalListener(
                  (com.google.common.cache.RemovalNotification<CacheKey, CachedResponse> removal) -> {
                    bytes.add(-weigh(removal.getKey(), removal.getValue()));
                    if (removal.getCause() == RemovalCause.SIZE) {
                      evictions.increment();
                    } else if (removal.getCause() == RemovalCause.EXPIRED) {
                      expirations.increment();
                    }
                  })
              .build();
    }
  }
}
