package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.RedisServer;
import dev.surge.cache.redis.SurgeRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code surge.cache.redis.*} against a real redis-server on a loopback port. */
class SurgeRedisAutoConfigurationTest {

  private static RedisServer redisServer;

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SurgeRedisAutoConfiguration.class, SurgeCacheAutoConfiguration.class,
          SurgeCacheMetricsAutoConfiguration.class));

  @BeforeAll
  static void startRedis() throws Exception {
    redisServer = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redisServer.close();
  }

  @Test
  void withoutAUriNothingTalksToRedis() {
    web.run(context -> assertThat(context).hasSingleBean(HttpCache.class).doesNotHaveBean(SurgeRedis.class));
  }

  @Test
  void withoutTheModuleTheUriIsIgnored() {
    web.withClassLoader(new FilteredClassLoader(SurgeRedis.class))
        .withPropertyValues("surge.cache.redis.uri=" + redisServer.uri())
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(HttpCache.class));
  }

  @Test
  void twoApplicationsWithTheSameRedisSharePurges() {
    String[] properties = {"surge.cache.redis.uri=" + redisServer.uri(), "surge.cache.redis.namespace=boot-test",
        "surge.cache.redis.shared-tier=true", "surge.cache.redis.shared-tier-timeout=200ms"};
    web.withPropertyValues(properties).run(first -> web.withPropertyValues(properties).run(second -> {
      SurgeRedis publisher = first.getBean(SurgeRedis.class);
      SurgeRedis receiver = second.getBean(SurgeRedis.class);
      // Both connect in the background: a purge published before the receiver subscribed would not reach it.
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.stats().available() && receiver.stats().available());

      first.getBean(HttpCache.class).invalidateTag("news");

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.stats().purgesReceived() == 1);
      assertThat(publisher.stats().purgesPublished()).isEqualTo(1);
    }));
  }

  @Test
  void redisMetersCountPublishedPurges() {
    web.withPropertyValues("surge.cache.redis.uri=" + redisServer.uri(), "surge.cache.redis.namespace=meters")
        .run(context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(SurgeRedisMetrics.class).bindTo(registry);

          context.getBean(HttpCache.class).invalidateTag("news");

          await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
              registry.get("surge.cache.redis.purges").tag("event", "published").functionCounter().count())
              .isEqualTo(1));
          assertThat(registry.get("surge.cache.redis.available").gauge().value()).isEqualTo(1);
        });
  }

  @Test
  void badRedisSettingFailsStartUp() {
    web.withPropertyValues("surge.cache.redis.uri=" + redisServer.uri(), "surge.cache.redis.shared-tier-timeout=0s")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("sharedTierTimeout"));
  }

  @Test
  void fleetCollapsingIsSetByAPropertyAndCounted() {
    web.withPropertyValues("surge.cache.redis.uri=" + redisServer.uri(), "surge.cache.redis.namespace=fleet",
            "surge.cache.redis.shared-tier=true", "surge.cache.redis.fleet-collapsing=true")
        .run(context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(SurgeRedisMetrics.class).bindTo(registry);
          assertThat(context.getBean(HttpCache.class).startUpLine("test", "off"))
              .contains("one render per page across the fleet");
          assertThat(registry.get("surge.cache.redis.fleet").tag("event", "claimed").functionCounter().count())
              .isZero();
        });
  }

  @Test
  void fleetCollapsingWithoutTheSharedTierFailsStartUp() {
    web.withPropertyValues("surge.cache.redis.uri=" + redisServer.uri(), "surge.cache.redis.fleet-collapsing=true")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("fleetCollapsing needs sharedTier(true)"));
  }
}
