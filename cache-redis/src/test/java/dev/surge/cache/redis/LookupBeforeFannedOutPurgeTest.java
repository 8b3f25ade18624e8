package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ForwardingStore;
import dev.surge.cache.HttpCache;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.SharedLookup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A purge that fans out purges this instance's memory first and sends its shared-tier purge a moment later (from
 * the purge listener): a lookup sent to Redis in between finds the entry the purge is about to remove and
 * promotes it into memory. Once the purge has returned, memory must not hold it. Found by running the adapter
 * contract's stress test over a shared tier (a purged page served after the purge returned, 2 runs in 3).
 */
class LookupBeforeFannedOutPurgeTest {

  private static final byte[] CHANNEL = "surge:{between}:db0:purges".getBytes(StandardCharsets.UTF_8);

  @Test
  void whatALookupBetweenTheMemoryPurgeAndTheRedisPurgePromotesIsGoneWhenThePurgeReturns() throws Exception {
    try (RedisServer server = RedisServer.start(); BinaryConnection connection = BinaryConnection.to(server)) {
      InstantSource clock = InstantSource.system();
      CacheKey key = new CacheKey("GET", "http", "example.test", "/p", "", Map.of());
      CachedResponse page = CachedResponse.builder().status(200)
          .headers(ResponseHeaders.builder().add("Content-Type", "text/plain").build())
          .storedAt(clock.instant()).freshnessLifetime(Duration.ofMinutes(5))
          .body("about to be purged".getBytes(StandardCharsets.UTF_8)).build();
      RedisCounters counters = new RedisCounters();
      store(HttpCache.builder().defaultStore(), connection, counters, clock).put(key, page);
      await().until(() -> counters.tierStores.sum() == 1);

      // this instance's memory: right after the purge empties it, a request misses and asks Redis
      ResponseStore memory = HttpCache.builder().defaultStore();
      AtomicReference<SharedTierStore> instance = new AtomicReference<>();
      AtomicBoolean asked = new AtomicBoolean();
      AtomicReference<SharedLookup> foundBetween = new AtomicReference<>();
      SharedTierStore purging = store(new ForwardingStore(memory) {
        @Override
        public int invalidateResource(CacheKey resource) {
          int removed = super.invalidateResource(resource);
          if (asked.compareAndSet(false, true)) {
            foundBetween.set(instance.get().fetch(key).toCompletableFuture().join());
            freeze(server); // the Redis purge is sent but answers only later: nothing it does may count here
          }
          return removed;
        }
      }, connection, new RedisCounters(), clock);
      instance.set(purging);

      try {
        purging.invalidateResource(key); // the memory part of the purge, as HttpCache runs it
        purging.purgeAndPublish(new Purge.Resource(key), RedisTier.purgeCounterKey("between"), CHANNEL,
            new PurgeMessage("test", new Purge.Resource(key)).encode()); // the listener's part

        assertThat(foundBetween.get()).as("the lookup between the two parts").isInstanceOf(SharedLookup.Found.class);
        assertThat(memory.get(key)).as("in memory once the purge returned").isEmpty();
      } finally {
        server.thaw();
      }
      assertThat(purging.fetch(key).toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isInstanceOf(SharedLookup.Missing.class);
    }
  }

  private static void freeze(RedisServer server) {
    try {
      server.freeze();
    } catch (Exception cannot) {
      throw new IllegalStateException("could not freeze Redis", cannot);
    }
  }

  private static SharedTierStore store(
      ResponseStore memory, BinaryConnection connection, RedisCounters counters, InstantSource clock) {
    return new SharedTierStore(memory, new RedisTier(connection.connection().async(), "between"), new RedisHealth(),
        counters, clock, Duration.ofSeconds(5), 1 << 20, PurgeSequence.fannedOut(), false,
        new RenderNotices(new byte[] {'r'}));
  }
}
