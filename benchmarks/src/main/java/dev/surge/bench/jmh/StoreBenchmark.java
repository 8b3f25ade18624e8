package dev.surge.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.caffeine.CaffeineResponseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Get and put of Zipf-distributed keys on Surge's stores (the default second-chance store, looked up with the
 * request's time as the step does and with a clock read of its own, and the optional one on Caffeine) and, in
 * the same run, on a raw Guava cache, a raw Caffeine cache and a {@code ConcurrentHashMap} (the unbounded
 * limit), two threads at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class StoreBenchmark {

  private static final int KEYS = 10_000;
  private static final int DRAWS = 1 << 16;

  /** Which store to measure. */
  @Param({"surge", "surge-own-clock", "surge-caffeine", "guava", "caffeine", "chm"})
  public String store;

  private Store target;
  private CacheKey[] draws;
  private CachedResponse entry;

  /** The operations measured, over each implementation. */
  interface Store {
    Object get(CacheKey key);

    void put(CacheKey key, CachedResponse response);
  }

  @Setup(Level.Trial)
  public void setUp() {
    // Stored now: an entry stored at the epoch would be stale, and Surge's stores would measure misses.
    entry = CachedResponse.builder().body(new byte[2048]).storedAt(Instant.now()).freshnessLifetime(Duration.ofDays(365)).build();
    target = create(store);
    CacheKey[] keys = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = new CacheKey("GET", "http", "wiki.example.com", "/wiki/page-" + i, "", Map.of());
      target.put(keys[i], entry);
    }
    UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    DiscreteSampler zipf = RejectionInversionZipfSampler.of(random, KEYS, 1.1);
    draws = new CacheKey[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = keys[zipf.sample() - 1];
    }
  }

  private static Store create(String name) {
    return switch (name) {
      case "surge" -> {
        // As the step calls it: with the time the request arrived, which the step has read already.
        ResponseStore store = defaultStore();
        Instant now = Instant.now();
        yield new Store() {
          public Object get(CacheKey key) {
            return store.get(key, now);
          }

          public void put(CacheKey key, CachedResponse response) {
            store.put(key, response);
          }
        };
      }
      case "surge-own-clock" -> surge(defaultStore());
      case "surge-caffeine" -> surge(CaffeineResponseStore.builder().maximumBytes(ByteSize.ofMegabytes(512))
          .maximumEntries(100_000).maximumTtl(Duration.ofDays(365)).recycleAfterRequests(Long.MAX_VALUE)
          .recycleAfter(Duration.ofDays(365)).build());
      case "guava" -> {
        com.google.common.cache.Cache<CacheKey, CachedResponse> guava =
            CacheBuilder.newBuilder().maximumSize(100_000).build();
        yield new Store() {
          public Object get(CacheKey key) {
            return guava.getIfPresent(key);
          }

          public void put(CacheKey key, CachedResponse response) {
            guava.put(key, response);
          }
        };
      }
      case "caffeine" -> {
        Cache<CacheKey, CachedResponse> caffeine = Caffeine.newBuilder().maximumSize(100_000).build();
        yield new Store() {
          public Object get(CacheKey key) {
            return caffeine.getIfPresent(key);
          }

          public void put(CacheKey key, CachedResponse response) {
            caffeine.put(key, response);
          }
        };
      }
      default -> {
        ConcurrentHashMap<CacheKey, CachedResponse> map = new ConcurrentHashMap<>();
        yield new Store() {
          public Object get(CacheKey key) {
            return map.get(key);
          }

          public void put(CacheKey key, CachedResponse response) {
            map.put(key, response);
          }
        };
      }
    };
  }

  /** Surge's default store, as big as the others and never recycled during the run. */
  private static ResponseStore defaultStore() {
    return HttpCache.builder().maximumBytes(ByteSize.ofMegabytes(512)).maximumEntries(100_000)
        .maximumTtl(Duration.ofDays(365)).recycleAfterRequests(Long.MAX_VALUE).recycleAfter(Duration.ofDays(365))
        .defaultStore();
  }

  private static Store surge(ResponseStore store) {
    return new Store() {
      public Object get(CacheKey key) {
        return store.get(key);
      }

      public void put(CacheKey key, CachedResponse response) {
        store.put(key, response);
      }
    };
  }

  /** A per-thread position in the shared sequence of draws. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 7919);

    int advance() {
      return next++ & (DRAWS - 1);
    }
  }

  /** A lookup of a hot-biased key. */
  @Benchmark
  public Object get(Cursor cursor) {
    return target.get(draws[cursor.advance()]);
  }

  /** A store of a hot-biased key (replacing what is there). */
  @Benchmark
  public void put(Cursor cursor) {
    target.put(draws[cursor.advance()], entry);
  }
}
