package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three instances share the tier: a purge on one of them purges Redis once, not once per instance, and every
 * instance's memory. Counted by Redis itself: the command each kind of purge runs on the shared tier's index.
 */
class PurgeOncePerFleetTest {

  private static final String TARGET = "/docs/page?tag=team-a";

  private RedisServer redisServer;
  private AppInstance a;
  private AppInstance b;
  private AppInstance c;

  @BeforeEach
  void start() throws Exception {
    redisServer = RedisServer.start();
    String namespace = "once-" + UUID.randomUUID();
    a = AppInstance.start("A", redisServer.uri(), namespace, options -> options.sharedTier(true));
    b = AppInstance.start("B", redisServer.uri(), namespace, options -> options.sharedTier(true));
    c = AppInstance.start("C", redisServer.uri(), namespace, options -> options.sharedTier(true));
  }

  @AfterEach
  void stop() throws Exception {
    a.stop();
    b.stop();
    c.stop();
    redisServer.close();
  }

  static Stream<Arguments> purges() {
    return Stream.of(
        Arguments.of("uri", (Consumer<HttpCache>) cache -> cache.invalidate(AppInstance.uri(TARGET)), "zrangebylex"),
        Arguments.of("path on every host", (Consumer<HttpCache>) cache -> cache.invalidatePath(TARGET), "zrangebylex"),
        Arguments.of("path prefix", (Consumer<HttpCache>) cache -> cache.invalidatePathPrefix("/docs/"), "zrangebylex"),
        Arguments.of("tag", (Consumer<HttpCache>) cache -> cache.invalidateTag("team-a"), "spop"),
        // a new generation: the one purge script asks whether the generation key exists, once
        Arguments.of("all", (Consumer<HttpCache>) HttpCache::invalidateAll, "exists"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void aPurgeRunsOnTheSharedTierOnceAndReachesEveryMemory(String kind, Consumer<HttpCache> purge, String command)
      throws Exception {
    String rendered = a.get(TARGET);
    await().until(() -> a.redis().stats().tierStores() == 1);
    assertThat(b.get(TARGET)).isEqualTo(rendered); // promoted into B's memory
    assertThat(c.get(TARGET)).isEqualTo(rendered); // and C's
    redisServer.admin(redis -> redis.configResetstat());

    purge.accept(a.cache());

    await().until(() -> b.redis().stats().purgesReceived() == 1 && c.redis().stats().purgesReceived() == 1);
    await().until(() -> a.redis().stats().purgesPublished() == 1);
    assertThat(redisServer.commandCalls(command)).as("shared-tier purges run in Redis").isEqualTo(1);
    assertThat(b.get(TARGET)).as("B after the purge").isNotEqualTo(rendered);
    assertThat(c.get(TARGET)).as("C after the purge").isNotEqualTo(rendered);
    assertThat(a.get(TARGET)).as("A after the purge").isNotEqualTo(rendered);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void thePurgingInstanceNoLongerServesThePageOnceThePurgeReturned(String kind, Consumer<HttpCache> purge)
      throws Exception {
    String rendered = a.get(TARGET);
    await().until(() -> a.redis().stats().tierStores() == 1);
    b.get(TARGET); // in B's memory: B cannot bring it back to A

    purge.accept(a.cache());

    // A's next lookup in Redis runs after the purge's first script, which A sent on the same connection
    assertThat(a.get(TARGET)).isNotEqualTo(rendered);
  }
}
