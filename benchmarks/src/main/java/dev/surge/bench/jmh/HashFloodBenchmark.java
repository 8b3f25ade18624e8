package dev.surge.bench.jmh;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A lookup in Surge's default store when a client has filled it with keys that share one hash (paths of "Aa" and
 * "BB" blocks, which {@link String#hashCode()} equates), beside the same lookup among as many ordinary keys; and,
 * as the baseline, both on a {@code ConcurrentHashMap} whose keys are not {@code Comparable}, which is what the
 * store's map was before {@link CacheKey} became {@code Comparable}: there a bin of such keys is searched one by
 * one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HashFloodBenchmark {

  private static final int BLOCKS = 12;
  private static final int KEYS = 1 << BLOCKS;

  /** Where the keys are looked up. */
  @Param({"surge", "chm-uncomparable"})
  public String store;

  /** {@code colliding}: every key has one hash; {@code distinct}: ordinary page paths. */
  @Param({"colliding", "distinct"})
  public String keys;

  private CacheKey[] stored;
  private ResponseStore surge;
  private ConcurrentHashMap<Uncomparable, CachedResponse> map;
  private int next;

  /** A key as a map sees it when it cannot be ordered: equality and hash only. */
  private record Uncomparable(CacheKey key) {}

  @Setup
  public void setUp() {
    CachedResponse entry = CachedResponse.builder().body(new byte[2048]).storedAt(Instant.now())
        .freshnessLifetime(Duration.ofDays(365)).build();
    surge = HttpCache.builder().maximumBytes(ByteSize.ofMegabytes(512)).maximumEntries(100_000)
        .maximumTtl(Duration.ofDays(365)).recycleAfterRequests(Long.MAX_VALUE).recycleAfter(Duration.ofDays(365))
        .defaultStore();
    map = new ConcurrentHashMap<>();
    stored = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      stored[i] = keys.equals("colliding") ? collidingKey(i) : key("/wiki/page-" + i);
      surge.put(stored[i], entry);
      map.put(new Uncomparable(stored[i]), entry);
    }
  }

  private static CacheKey collidingKey(int bits) {
    StringBuilder path = new StringBuilder("/wiki/");
    for (int block = 0; block < BLOCKS; block++) {
      path.append((bits >>> block & 1) == 0 ? "Aa" : "BB");
    }
    return key(path.toString());
  }

  private static CacheKey key(String path) {
    return new CacheKey("GET", "http", "wiki.example.com", path, "", Map.of());
  }

  /** A lookup of the next stored key, as a request would make it: a new key object equal to the stored one. */
  @Benchmark
  public Object get() {
    CacheKey wanted = stored[next++ & (KEYS - 1)];
    CacheKey asked = new CacheKey(wanted.method(), wanted.scheme(), wanted.host(), wanted.path(), "", Map.of());
    return store.equals("surge") ? surge.get(asked) : map.get(new Uncomparable(asked));
  }
}
