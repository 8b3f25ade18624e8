package dev.surge.cache.caffeine;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ResponseStore} on Caffeine with the default store's guarantees: bounded by bytes and by entry
 * count, each entry served only while fresh by its own lifetime and never past the maximum TTL, and the whole
 * content (a generation) dropped at once after a number of lookups or an age.
 *
 * <p>Both bounds hold together through one weight: an entry weighs its size in bytes but never less than
 * {@code maximumBytes / maximumEntries}, so neither more bytes nor more entries than configured are kept. Its
 * size counts the response's {@link dev.surge.cache.CachedResponse#size()}, the key's {@link
 * dev.surge.cache.CacheKey#size()} and what Caffeine allocates per entry, so the bytes bound the heap held.
 * Which entries leave first when the store is full is Caffeine's choice (W-TinyLFU): entries asked for often
 * stay, entries asked for once leave, which keeps a hot set through a scan better than plain LRU.
 *
 * <p>A hit reads no clock of its own (Caffeine's expiry check judges freshness and the recycling age),
 * allocates nothing and writes no counter shared between threads: lookups are counted on per-thread stripes
 * added up in batches, so a store recycles by requests after the configured number of lookups or, for a
 * number over 2,048, up to a few hundred lookups later. A generation stops serving exactly when it reaches
 * the recycling age (a response stored into it after that is never served), and is replaced by an empty one
 * at the first lookup that misses after that.
 *
 * <p>Use it with {@code HttpCache.builder().store(CaffeineResponseStore.builder()...build())}; pass it the
 * same clock as the cache. Thread-safe.
 */
public final class CaffeineResponseStore implements ResponseStore {

  private static final Logger LOG = LoggerFactory.getLogger(CaffeineResponseStore.class);

  private final StoreLimits limits;
  private final Ticker ticker;
  private final AtomicReference<Generation> current;
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final AtomicLong recycles = new AtomicLong();

  private CaffeineResponseStore(StoreLimits limits) {
    this.limits = limits;
    this.ticker = ClockTicker.of(limits.clock());
    this.current = new AtomicReference<>(newGeneration());
  }

  /** A builder with the same defaults as {@code HttpCache.builder()}'s store options. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    Generation generation = current.get();
    if (generation.lookups.countOne()) {
      generation = recycleIfDue(generation);
    }
    Optional<CachedResponse> entry = generation.entries.getIfPresent(key);
    if (entry == null) {
      recycleIfOld(generation);
      return Optional.empty();
    }
    return entry;
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    current.get().entries.put(key, Optional.of(response));
  }

  @Override
  public int invalidateResource(CacheKey key) {
    return removeIf((stored, response) -> stored.sameResourceAs(key));
  }

  @Override
  public int invalidatePathPrefix(String pathPrefix) {
    return removeIf((stored, response) -> stored.path().startsWith(pathPrefix));
  }

  @Override
  public int invalidatePath(String path, String query) {
    return removeIf((stored, response) -> stored.path().equals(path) && stored.query().equals(query));
  }

  @Override
  public int invalidateTag(String tag) {
    return removeIf((stored, response) -> response.tags().contains(tag));
  }

  @Override
  public void invalidateAll() {
    current.get().entries.invalidateAll();
  }

  @Override
  public void recycle() {
    replace(current.get(), "on request");
  }

  /** {@inheritDoc} Settles Caffeine's pending maintenance first, so the counts include every removal so far. */
  @Override
  public Snapshot snapshot() {
    Generation generation = current.get();
    generation.entries.cleanUp();
    return new Snapshot(
        generation.entries.estimatedSize(),
        ByteSize.ofBytes(generation.weight()),
        evictions.sum(),
        expirations.sum(),
        recycles.get());
  }

  private Generation recycleIfDue(Generation generation) {
    long requests = generation.lookups.total();
    if (requests >= limits.recycleAfterRequests()) {
      return replace(generation, "after " + requests + " requests");
    }
    return recycleIfOld(generation);
  }

  private Generation recycleIfOld(Generation generation) {
    return generation.isOld() ? replace(generation, "after " + Duration.ofNanos(generation.age())) : generation;
  }

  /** Swaps in a new generation unless another thread already did; returns the one now current. */
  private Generation replace(Generation old, String why) {
    Generation fresh = newGeneration();
    if (current.compareAndSet(old, fresh)) {
      recycles.incrementAndGet();
      LOG.info("recycled the response store {}: dropped {} entries ({} bytes)",
          why, old.entries.estimatedSize(), old.weight());
      return fresh;
    }
    return current.get();
  }

  private Generation newGeneration() {
    return new Generation(limits, ticker, this::evicted);
  }

  private void evicted(RemovalCause cause) {
    if (cause == RemovalCause.EXPIRED) {
      expirations.increment();
    } else if (cause == RemovalCause.SIZE) {
      evictions.increment();
    }
  }

  private int removeIf(BiPredicate<CacheKey, CachedResponse> condition) {
    ConcurrentMap<CacheKey, Optional<CachedResponse>> entries = current.get().entries.asMap();
    int removed = 0;
    for (Map.Entry<CacheKey, Optional<CachedResponse>> entry : entries.entrySet()) {
      if (condition.test(entry.getKey(), entry.getValue().orElseThrow())
          && entries.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Configures a {@link CaffeineResponseStore} with the options, and the defaults, of {@code HttpCache.Builder}'s
   * store options. Each setter validates its argument and throws {@link IllegalArgumentException} naming the
   * option. Not thread-safe.
   */
  public static final class Builder {
    private ByteSize maximumBytes = ByteSize.ofMegabytes(64);
    private long maximumEntries = 10_000;
    private Duration maximumTtl = Duration.ofHours(1);
    private long recycleAfterRequests = 100_000;
    private Duration recycleAfter = Duration.ofMinutes(10);
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /** The most bytes all entries may hold together; default 64 MB. */
    public Builder maximumBytes(ByteSize bytes) {
      check(bytes.bytes() > 0, "maximumBytes must be positive, was " + bytes);
      this.maximumBytes = bytes;
      return this;
    }

    /** The most entries kept; default 10,000. */
    public Builder maximumEntries(long entries) {
      check(entries > 0, "maximumEntries must be at least 1, was " + entries);
      this.maximumEntries = entries;
      return this;
    }

    /** The longest any entry stays, whatever its own freshness; default 1 h. */
    public Builder maximumTtl(Duration ttl) {
      this.maximumTtl = positive("maximumTtl", ttl);
      return this;
    }

    /** Drop the whole store after this many lookups; default 100,000. */
    public Builder recycleAfterRequests(long requests) {
      check(requests > 0, "recycleAfterRequests must be at least 1, was " + requests);
      this.recycleAfterRequests = requests;
      return this;
    }

    /** Drop the whole store when it is this old; default 10 min. */
    public Builder recycleAfter(Duration age) {
      this.recycleAfter = positive("recycleAfter", age);
      return this;
    }

    /** The clock freshness and ages are measured by; default the system clock. Pass the cache's own. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The store, empty. */
    public CaffeineResponseStore build() {
      return new CaffeineResponseStore(new StoreLimits(
          maximumBytes.bytes(),
          Math.max(1, maximumBytes.bytes() / maximumEntries),
          StoreLimits.nanos(maximumTtl),
          recycleAfterRequests,
          StoreLimits.nanos(recycleAfter),
          clock));
    }

    private static Duration positive(String option, Duration value) {
      check(value.compareTo(Duration.ZERO) > 0, option + " must be positive, was " + value);
      return value;
    }

    private static void check(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
