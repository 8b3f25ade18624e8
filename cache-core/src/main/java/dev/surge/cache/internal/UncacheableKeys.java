package dev.surge.cache.internal;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.surge.cache.CacheKey;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Keys whose last response was not stored, remembered for a while so that their misses render side by side
 * instead of queueing behind one render whose result nobody can use. Bounded in count and time; forgetting
 * a key only costs one wait.
 */
final class UncacheableKeys {

  private static final int MAXIMUM_KEYS = 4096;

  private final Cache<CacheKey, Boolean> keys;

  UncacheableKeys(Duration memory, InstantSource clock) {
    this.keys =
        CacheBuilder.newBuilder()
            .maximumSize(MAXIMUM_KEYS)
            .expireAfterWrite(memory)
            .ticker(ticker(clock))
            .build();
  }

  void remember(CacheKey key) {
    keys.put(key, Boolean.TRUE);
  }

  void forget(CacheKey key) {
    keys.invalidate(key);
  }

  boolean contains(CacheKey key) {
    return keys.getIfPresent(key) != null;
  }

  private static Ticker ticker(InstantSource clock) {
    return new Ticker() {
      @Override
      public long read() {
        return clock.millis() * 1_000_000L;
      }
    };
  }
}
