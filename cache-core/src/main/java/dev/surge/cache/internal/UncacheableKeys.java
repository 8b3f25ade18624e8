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
 * a key only costs one wait. Keys are hashed under a secret (see {@link SecretlyHashedKey}), so that clients
 * cannot make one key's lookups search through many others'.
 */
final class UncacheableKeys {

  private static final int MAXIMUM_KEYS = 4096;

  private final Cache<SecretlyHashedKey, Boolean> keys;

  UncacheableKeys(Duration memory, InstantSource clock) {
    this.keys =
        CacheBuilder.newBuilder()
            .maximumSize(MAXIMUM_KEYS)
            .expireAfterWrite(memory)
            .ticker(ticker(clock))
            .build();
  }

  void remember(CacheKey key) {
    keys.put(SecretlyHashedKey.of(key), Boolean.TRUE);
  }

  void forget(CacheKey key) {
    if (keys.size() > 0) { // called for every stored response: hash only when there is something to forget
      keys.invalidate(SecretlyHashedKey.of(key));
    }
  }

  boolean contains(CacheKey key) {
    // none remembered (the common case): no need to hash the key
    return keys.size() > 0 && keys.getIfPresent(SecretlyHashedKey.of(key)) != null;
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
