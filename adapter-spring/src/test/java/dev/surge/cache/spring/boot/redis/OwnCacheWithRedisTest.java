package dev.surge.cache.spring.boot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.redis.RedisServer;
import dev.surge.cache.redis.SurgeRedis;
import dev.surge.cache.spring.boot.RunningApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code surge.cache.redis.uri} set, the cache the application serves from is built through Redis, so a
 * purge on one instance reaches the others, also when the application configures the cache in code. An
 * {@code HttpCache} bean of the application's own that does not go through Redis fails start-up instead of
 * silently leaving purges on one instance. Two instances share a real redis-server on a loopback port.
 */
class OwnCacheWithRedisTest {

  private static RedisServer redis;
  private final List<RunningApplication> running = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void stop() {
    running.forEach(RunningApplication::close);
  }

  private RunningApplication start(Class<?> application, String namespace) {
    RunningApplication started = RunningApplication.start(application,
        "surge.cache.redis.uri=" + redis.uri(), "surge.cache.redis.namespace=" + namespace);
    running.add(started);
    // SurgeRedis connects in the background: purges published before it subscribed would not reach it.
    SurgeRedis connecting = started.context().getBean(SurgeRedis.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> connecting.stats().available());
    return started;
  }

  @Test
  void ownCacheBeanThatIsNotBuiltThroughRedisFailsStartUp() {
    assertThatThrownBy(() -> start(NewsApplications.OwnCache.class, "own"))
        .hasMessageContaining("'newsCache'")
        .hasMessageContaining("surge.cache.redis.uri")
        .hasMessageContaining("SurgeCacheBuilderCustomizer");
  }

  @Test
  void purgeOnOneInstanceReachesAnotherWhenACustomizerConfiguresTheCache() throws Exception {
    RunningApplication first = start(NewsApplications.Customized.class, "customized");
    RunningApplication second = start(NewsApplications.Customized.class, "customized");
    cacheNews(second);

    first.cache().invalidateTag("news");
    SurgeRedis secondRedis = second.context().getBean(SurgeRedis.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> secondRedis.stats().purgesReceived() == 1);
    HttpResponse<String> after = second.get("/news");

    assertThat(after.body()).isEqualTo("news, render 2");
    assertThat(after.headers().firstValue("Cache-Status")).hasValueSatisfying(status -> assertThat(status)
        .contains("fwd=uri-miss"));
  }

  @Test
  void ownCacheBeanBuiltThroughTheRedisBeanPublishesItsPurges() throws Exception {
    RunningApplication first = start(NewsApplications.OwnCacheThroughRedis.class, "own-through-redis");
    RunningApplication second = start(NewsApplications.OwnCacheThroughRedis.class, "own-through-redis");
    cacheNews(second);

    first.cache().invalidateTag("news");
    SurgeRedis secondRedis = second.context().getBean(SurgeRedis.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> secondRedis.stats().purgesReceived() == 1);

    assertThat(first.context().getBean(SurgeRedis.class).stats().purgesPublished()).isEqualTo(1);
    assertThat(second.get("/news").body()).isEqualTo("news, render 2");
  }

  /** Renders the news page on {@code instance} and waits until it is stored there. */
  private static void cacheNews(RunningApplication instance) throws Exception {
    long stores = instance.cache().stats().stores();
    instance.get("/news");
    await().atMost(Duration.ofSeconds(30)).until(() -> instance.cache().stats().stores() > stores);
    assertThat(instance.get("/news").body()).isEqualTo("news, render 1");
  }
}
