package dev.surge.cache.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One generation of entries, dropped whole on recycling. An entry expires when its own freshness ends, when
 * the maximum TTL has passed, or when the generation reaches the recycling age, whichever comes first; so a
 * lookup never has to read the clock itself, Caffeine's own expiry check does it. Each response is held in
 * the {@code Optional} a lookup returns, so that a hit allocates nothing.
 */
final class Generation implements Expiry<CacheKey, Optional<CachedResponse>> {

  /**
   * What Caffeine 3.3 allocates per entry of this configuration beyond the key and the response, measured with
   * JOL on HotSpot 17 (64-bit, compressed references): its node (56 bytes), the map's node (32), the {@code
   * Optional} held (16), and up to 16 bytes of the map's table.
   */
  static final long ENTRY_BYTES = 120;

  private final StoreLimits limits;
  private final Ticker ticker;
  private final long startedAt;
  final LookupCounter lookups;
  final Cache<CacheKey, Optional<CachedResponse>> entries;

  /**
   * A generation starting now by {@code ticker}, telling {@code evicted} of each entry removed for its size or
   * its freshness; entries that only expire because the generation reached its recycling age are not told.
   */
  Generation(StoreLimits limits, Ticker ticker, Consumer<RemovalCause> evicted) {
    this.limits = limits;
    this.ticker = ticker;
    this.startedAt = ticker.read();
    this.lookups = new LookupCounter(limits.recycleAfterRequests());
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(limits.maximumBytes())
            .weigher((CacheKey key, Optional<CachedResponse> value) ->
                (int) Math.min(Integer.MAX_VALUE, weigh(key, value.orElseThrow())))
            .expireAfter(this)
            .ticker(ticker)
            .evictionListener((CacheKey key, Optional<CachedResponse> value, RemovalCause cause) -> {
              if (cause != RemovalCause.EXPIRED || !isOld()) {
                evicted.accept(cause);
              }
            })
            .build();
  }

  /** Whether the generation has reached the recycling age. */
  boolean isOld() {
    return age() >= limits.recycleAfterNanos();
  }

  /** How long ago the generation started, in nanoseconds. */
  long age() {
    return ticker.read() - startedAt;
  }

  /** The weight of every entry held now, the store's byte estimate. */
  long weight() {
    return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /** An entry's size in bytes, but never less than the weight that keeps the entry count bounded too. */
  private long weigh(CacheKey key, CachedResponse response) {
    return Math.max(limits.minimumWeight(), response.size().bytes() + key.size().bytes() + ENTRY_BYTES);
  }

  @Override
  public long expireAfterCreate(CacheKey key, Optional<CachedResponse> value, long currentTime) {
    long servable = StoreLimits.nanos(value.orElseThrow().remainingLifetimeAt(limits.clock().instant()));
    long untilRecycling = limits.recycleAfterNanos() - (currentTime - startedAt);
    return Math.max(0, Math.min(servable, Math.min(limits.maximumTtlNanos(), untilRecycling)));
  }

  @Override
  public long expireAfterUpdate(
      CacheKey key, Optional<CachedResponse> value, long currentTime, long currentDuration) {
    return expireAfterCreate(key, value, currentTime);
  }

  @Override
  public long expireAfterRead(
      CacheKey key, Optional<CachedResponse> value, long currentTime, long currentDuration) {
    return currentDuration;
  }
}
