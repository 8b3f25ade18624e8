package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis restarted from a snapshot taken before a purge holds the purged entry again; no instance may serve
 * it. An instance that lost its connection starts a new generation of the shared tier before it uses the tier
 * again, as it drops its memory when its subscription comes back.
 */
class RedisSnapshotRestartTest {

  private SharedTierPair pair;
  private RedisServer redisServer;
  private AppInstance a;
  private AppInstance b;

  @BeforeEach
  void start() throws Exception {
    pair = SharedTierPair.start("snapshot");
    redisServer = pair.redis();
    a = pair.a();
    b = pair.b();
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  @Test
  void anEntryPurgedAfterTheSnapshotIsNotServedOnceRedisIsBackFromIt() throws Exception {
    a.get("/news");
    await().until(() -> a.redis().stats().tierStores() == 1);
    saveSnapshot();
    a.cache().invalidate(AppInstance.uri("/news"));
    await().until(() -> b.redis().stats().purgesReceived() == 1);

    redisServer.kill();
    redisServer.restart(); // loads the snapshot, which still holds A's render of /news
    await().until(() -> b.redis().stats().resubscriptions() >= 1);

    assertThat(b.get("/news")).as("B never had it in memory; the tier's copy was purged").endsWith("by B #1");
    assertThat(a.get("/news")).doesNotEndWith("by A #1");
  }

  private void saveSnapshot() {
    assertThat(redisServer.<String>admin(redis -> redis.save())).isEqualTo("OK");
  }
}
