package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ForwardingStore;
import dev.surge.cache.HttpCache;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.SharedLookup;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A purge that lands while SharedTierStore.get promotes an entry from Redis into memory is not undone by
 * the promotion. The memory store below runs the purge at exactly the moment the promotion is written.
 */
class PromotionRaceTest {

  @Test
  void purgeDuringAPromotionIsNotUndone() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      RedisClient client = RedisClient.create(server.uri());
      StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
      try {
        RedisCounters counters = new RedisCounters();
        RedisHealth health = new RedisHealth();
        InstantSource clock = InstantSource.system();
        CacheKey key = new CacheKey("GET", "http", "example.test", "/p", "", Map.of());
        CachedResponse stale = CachedResponse.builder().status(200)
            .headers(ResponseHeaders.builder().add("Content-Type", "text/plain").build())
            .storedAt(clock.instant()).freshnessLifetime(Duration.ofMinutes(5))
            .body("stale".getBytes(StandardCharsets.UTF_8)).build();

        // instance A writes the entry to the shared tier
        SharedTierStore a = new SharedTierStore(HttpCache.builder().defaultStore(),
            new RedisTier(connection.async(), "race"), health, counters, clock, Duration.ofSeconds(1), 1 << 20,
            PurgeSequence.fannedOut(), false, new RenderNotices(new byte[] {'r'}));
        a.put(key, stale);
        await().until(() -> counters.tierStores.sum() == 1);

        // instance B: its memory store sees the purge arrive just as the promotion is about to be written
        ResponseStore bMemory = HttpCache.builder().defaultStore();
        AtomicReference<SharedTierStore> bRef = new AtomicReference<>();
        ResponseStore racing = new ForwardingStore(bMemory) {
          private boolean purged;

          @Override
          public void put(CacheKey k, CachedResponse r) {
            if (!purged) {
              purged = true;
              bRef.get().invalidateResource(k); // the concurrent purge
            }
            super.put(k, r);
          }
        };
        SharedTierStore b = new SharedTierStore(racing, new RedisTier(connection.async(), "race"), health,
            counters, clock, Duration.ofSeconds(1), 1 << 20, PurgeSequence.fannedOut(), false,
            new RenderNotices(new byte[] {'r'}));
        bRef.set(b);

        SharedLookup found = b.fetch(key).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // the purge happened after B's Redis read: B must not keep the purged entry
        assertThat(found).isInstanceOf(SharedLookup.Missing.class);
        assertThat(bMemory.get(key)).isEmpty();
      } finally {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
