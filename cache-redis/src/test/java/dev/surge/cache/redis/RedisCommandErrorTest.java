package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that answers but refuses commands (here a full one, {@code noeviction}, refusing every write with
 * OOM) is not an outage: the refusals are counted as command errors, and the health Surge reports stays up
 * instead of flapping with every miss.
 */
class RedisCommandErrorTest {

  private RedisServer redisServer;
  private AppInstance app;

  @BeforeEach
  void start() throws Exception {
    redisServer = RedisServer.start();
    redisServer.admin(redis -> redis.configSet("maxmemory-policy", "noeviction"));
    redisServer.admin(redis -> redis.configSet("maxmemory", "1")); // every write is now refused with OOM
    app = AppInstance.start("A", redisServer.uri(), "full-" + UUID.randomUUID(), options -> options.sharedTier(true));
  }

  @AfterEach
  void stop() throws Exception {
    app.stop();
    redisServer.close();
  }

  @Test
  void aFullRedisRefusingEveryWriteIsCountedAsCommandErrorsNotAsOutages() throws Exception {
    for (int page = 0; page < 21; page++) {
      assertThat(app.get("/full/" + page)).isEqualTo("rendered /full/" + page + " by A #1");
    }
    await().until(() -> app.redis().stats().commandErrors() == 21);

    RedisStats stats = app.redis().stats();
    assertThat(stats.available()).isTrue();
    assertThat(stats.outages()).isZero();
    assertThat(stats.failures()).isZero();
    assertThat(stats.tierErrors()).isEqualTo(21);
  }
}
