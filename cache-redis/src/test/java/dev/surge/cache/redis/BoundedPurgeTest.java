package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A purge of many entries never holds Redis for all of them at once: each script removes at most one batch,
 * and the purge goes on, batch after batch, until every matching entry is gone. Counted by Redis itself
 * ({@code INFO commandstats} counts the commands a script runs): one index read per batch.
 */
class BoundedPurgeTest {

  private static final int ENTRIES = 3000;
  private static final int BATCH = 100;
  private static final String TAG = "bulk";

  private static RedisServer redisServer;
  private static BinaryConnection direct;
  private String namespace;
  private RedisTier tier;
  private AppInstance a;

  @BeforeAll
  static void startRedis() throws Exception {
    redisServer = RedisServer.start();
    direct = BinaryConnection.to(redisServer);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    direct.close();
    redisServer.close();
  }

  @BeforeEach
  void fill() throws Exception {
    namespace = "bounded-" + UUID.randomUUID();
    tier = new RedisTier(direct.connection().async(), namespace, BATCH);
    Instant now = Instant.now();
    CachedResponse page = CachedResponse.builder().status(200)
        .headers(ResponseHeaders.builder().add("Content-Type", "text/plain").build())
        .storedAt(now).freshnessLifetime(Duration.ofMinutes(10))
        .body("page".getBytes(StandardCharsets.UTF_8)).build();
    List<CompletableFuture<Long>> puts = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      CacheKey key = new CacheKey("GET", "http", AppInstance.HOST, "/p/" + i, "", Map.of());
      puts.add(tier.put(RedisTier.idOf(key), key.path(), List.of(TAG), List.of(), 600_000,
          EntryCodec.encode(key, page), 0));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(storedEntries()).isEqualTo(ENTRIES);
    redisServer.admin(redis -> redis.configResetstat());
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      a.stop();
    }
  }

  static Stream<Arguments> purges() {
    return Stream.of(
        Arguments.of("prefix, fanned out", true, (Consumer<HttpCache>) cache -> cache.invalidatePathPrefix("/"),
            "zrangebylex"),
        Arguments.of("prefix, not fanned out", false, (Consumer<HttpCache>) cache -> cache.invalidatePathPrefix("/"),
            "zrangebylex"),
        Arguments.of("tag, fanned out", true, (Consumer<HttpCache>) cache -> cache.invalidateTag(TAG), "spop"),
        Arguments.of("tag, not fanned out", false, (Consumer<HttpCache>) cache -> cache.invalidateTag(TAG), "spop"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void aPurgeOfThousandsOfEntriesRemovesThemAllInBoundedBatches(
      String kind, boolean fanOut, Consumer<HttpCache> purge, String indexRead) throws Exception {
    a = AppInstance.start("A", redisServer.uri(), namespace,
        options -> options.sharedTier(true).purgeFanOut(fanOut).purgeBatch(BATCH));

    purge.accept(a.cache());

    await().until(() -> storedEntries() == 0);
    assertThat(redisServer.commandCalls(indexRead))
        .as("one index read per batch of %s, and one that comes back short", BATCH)
        .isEqualTo(ENTRIES / BATCH + 1);
  }

  @Test
  void aBatchedPurgeCompletesWithHowManyEntriesItRemoved() throws Exception {
    assertThat(tier.purge(new Purge.PathPrefix("/p/1")).get(30, TimeUnit.SECONDS)).isEqualTo(1111); // 1, 1x, 1xx, 1xxx
    assertThat(tier.purge(new Purge.Tag(TAG)).get(30, TimeUnit.SECONDS)).isEqualTo(ENTRIES - 1111);
    assertThat(storedEntries()).isZero();
  }

  /** How many entries of the namespace Redis holds. */
  private long storedEntries() {
    return redisServer.<List<String>>admin(redis -> redis.keys("surge:{" + namespace + "}:*:e:*")).size();
  }
}
