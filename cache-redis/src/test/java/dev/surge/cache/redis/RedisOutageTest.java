package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis is killed while two instances serve, then started again on the same port. */
class RedisOutageTest {

  private SharedTierPair pair;
  private RedisServer redisServer;
  private AppInstance a;
  private AppInstance b;

  @BeforeEach
  void start() throws Exception {
    pair = SharedTierPair.start("outage");
    redisServer = pair.redis();
    a = pair.a();
    b = pair.b();
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  @Test
  void bothInstancesKeepServingFromMemoryWhileRedisIsDownAndShareAgainWhenItIsBack() throws Exception {
    a.get("/kept");
    await().until(() -> a.redis().stats().tierStores() == 1);
    assertThat(b.get("/kept")).endsWith("by A #1");

    redisServer.kill();

    // Served from memory, no errors; a page never seen renders; local purges apply.
    assertThat(a.get("/kept")).endsWith("by A #1");
    assertThat(b.get("/kept")).endsWith("by A #1");
    assertThat(b.get("/new")).endsWith("by B #1");
    assertThatCode(() -> a.cache().invalidate(AppInstance.uri("/kept"))).doesNotThrowAnyException();
    assertThat(a.get("/kept")).endsWith("by A #2");
    await().until(() -> !a.redis().stats().available() && !b.redis().stats().available());
    assertThat(a.redis().stats().outages()).isEqualTo(1);
    assertThat(a.redis().stats().failures()).isGreaterThan(1); // many failures, one outage, one WARN
    assertThat(a.redis().stats().purgePublishFailures()).isEqualTo(1);
    assertThat(b.cache().stats().hits()).isGreaterThanOrEqualTo(1);

    redisServer.restart();

    // Both resubscribe (dropping their memory, as purges may have been missed) and A publishes its purge again.
    await().until(() -> a.redis().stats().resubscriptions() >= 1 && b.redis().stats().resubscriptions() >= 1);
    await().until(() -> a.redis().stats().purgesPublished() == 1); // the purge made while Redis was down
    assertThat(a.redis().stats().purgesReplayed()).isGreaterThanOrEqualTo(1);
    await().until(() -> b.get("/kept").contains("by B"));
    // The fan-out works again: a purge on A reaches B's memory.
    String afterwards = "/after";
    b.get(afterwards);
    assertThat(b.get(afterwards)).endsWith("by B #1");
    a.cache().invalidatePathPrefix("/after");
    await().until(() -> b.get(afterwards).endsWith("by B #2"));
    assertThat(b.redis().stats().outages()).isEqualTo(1);
    assertThat(log()).contains("Redis is unavailable").contains("Redis is available again");
  }

  private static String log() throws Exception {
    return Files.readString(Path.of("target", "surge-redis-test.log"));
  }
}
