package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import dev.surge.cache.SharedLookup;
import dev.surge.cache.SharedTier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lookups in a shared tier that this process has in flight, at most one per key: a request that misses memory
 * while another request is asking the tier for the same key shares that answer instead of asking again. An answer
 * never fails: a tier that throws, or whose answer fails, has found nothing.
 */
final class SharedFetches {

  private static final SharedLookup MISSING = new SharedLookup.Missing();

  private final SharedTier tier;
  private final ConcurrentHashMap<CacheKey, CompletableFuture<SharedLookup>> running = new ConcurrentHashMap<>();

  SharedFetches(SharedTier tier) {
    this.tier = tier;
  }

  /** What the tier holds for {@code key}, asked now or by a lookup of the same key already in flight. */
  CompletableFuture<SharedLookup> fetch(CacheKey key) {
    CompletableFuture<SharedLookup> mine = new CompletableFuture<>();
    CompletableFuture<SharedLookup> other = running.putIfAbsent(key, mine);
    if (other != null) {
      return other;
    }
    CompletionStage<SharedLookup> asked;
    try {
      asked = tier.fetch(key);
    } catch (RuntimeException broken) {
      asked = CompletableFuture.failedFuture(broken);
    }
    asked.whenComplete((found, failure) -> {
      running.remove(key, mine);
      mine.complete(failure == null && found != null ? found : MISSING);
    });
    return mine;
  }
}
