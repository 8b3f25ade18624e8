package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Two application instances, two HTTP servers, one real Redis: purges and pages shared between them. */
class ScaleOutTest {

  private static RedisServer redisServer;
  private AppInstance a;
  private AppInstance b;
  private String namespace;

  @BeforeAll
  static void startRedis() throws Exception {
    redisServer = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redisServer.close();
  }

  private void startBoth(UnaryOperator<SurgeRedis.Builder> options) throws Exception {
    namespace = "t-" + UUID.randomUUID();
    a = AppInstance.start("A", redisServer.uri(), namespace, options);
    b = AppInstance.start("B", redisServer.uri(), namespace, options);
  }

  @AfterEach
  void stopBoth() throws Exception {
    for (AppInstance instance : new AppInstance[] {a, b}) {
      if (instance != null) {
        instance.stop();
      }
    }
  }

  static Stream<Arguments> purges() {
    String target = "/docs/page?tag=team-a";
    return Stream.of(
        Arguments.of("uri", (Consumer<HttpCache>) cache -> cache.invalidate(AppInstance.uri(target))),
        Arguments.of("path on every host", (Consumer<HttpCache>) cache -> cache.invalidatePath(target)),
        Arguments.of("path prefix", (Consumer<HttpCache>) cache -> cache.invalidatePathPrefix("/docs/")),
        Arguments.of("tag", (Consumer<HttpCache>) cache -> cache.invalidateTag("team-a")),
        Arguments.of("all", (Consumer<HttpCache>) HttpCache::invalidateAll));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void aPurgeOnOneInstanceRemovesThePageFromTheOther(String kind, Consumer<HttpCache> purge) throws Exception {
    startBoth(UnaryOperator.identity());
    String target = "/docs/page?tag=team-a";
    a.get(target);
    b.get(target);
    assertThat(b.get(target)).endsWith("by B #1"); // B serves its own copy from memory

    purge.accept(a.cache());

    assertThat(a.get(target)).endsWith("by A #2"); // applied locally at once
    await().until(() -> b.get(target).endsWith("by B #2"));
    await().until(() -> a.redis().stats().echoesIgnored() == 1);
    assertThat(a.renders(target)).isEqualTo(2);
    assertThat(b.redis().stats().purgesReceived()).isEqualTo(1);
    assertThat(a.redis().stats().purgesPublished()).isEqualTo(1);
  }

  @Test
  void aSuccessfulPostOnOneInstanceInvalidatesThePageOnTheOther() throws Exception {
    startBoth(UnaryOperator.identity());
    String target = "/docs/changed";
    a.get(target);
    b.get(target);
    assertThat(b.get(target)).endsWith("by B #1");

    assertThat(a.post(target)).isEqualTo(204);

    await().until(() -> b.get(target).endsWith("by B #2"));
    assertThat(b.redis().stats().purgesReceived()).isEqualTo(1);
  }

  @Test
  void eachInstanceLogsThatItsCacheSharesATierAndPurgesOverRedis() throws Exception {
    startBoth(options -> options.sharedTier(true));

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-redis-test.log"));
    assertThat(Files.readString(log, StandardCharsets.UTF_8).lines()
            .filter(line -> line.contains("Surge cache ready") && line.contains(namespace)))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("INFO").endsWith("Surge cache ready on the servlet filter:"
            + " store Redis shared tier (entries up to 512KB, lookups wait at most 2000ms) in front of 64MB in memory,"
            + " at most 10000 entries, recycled every 100000 requests or 10m, entries up to 1MB; default TTL 1m"
            + " (for responses that state no freshness); revalidation of stale pages with validators for 10m;"
            + " Cache-Status off (enable:"
            + " HttpCache.builder().cacheStatusHeader(true)); purge fan-out over Redis (channel surge:{"
            + namespace + "}:db0:purges)"));
  }

  @Test
  void theSecondInstanceServesThePageTheFirstRenderedFromTheSharedTier() throws Exception {
    startBoth(options -> options.sharedTier(true));
    String target = "/shared/page";
    assertThat(a.get(target)).isEqualTo("rendered /shared/page by A #1");
    await().until(() -> a.redis().stats().tierStores() == 1);

    assertThat(b.get(target)).isEqualTo("rendered /shared/page by A #1");
    assertThat(b.get(target)).isEqualTo("rendered /shared/page by A #1");

    assertThat(b.renders(target)).isZero();
    assertThat(b.redis().stats().tierHits()).isEqualTo(1); // the second answer came from B's memory
    assertThat(b.cache().stats().hits()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void aPurgeReachesTheSharedTierAndEveryMemory(String kind, Consumer<HttpCache> purge) throws Exception {
    startBoth(options -> options.sharedTier(true));
    String target = "/docs/page?tag=team-a";
    a.get(target);
    await().until(() -> a.redis().stats().tierStores() == 1);
    assertThat(b.get(target)).endsWith("by A #1");

    purge.accept(a.cache());

    // B renders itself: neither its memory nor the shared tier still holds A's page.
    await().until(() -> b.get(target).endsWith("by B #1"));
    await().until(() -> b.redis().stats().tierStores() == 1);
    assertThat(a.get(target)).endsWith("by B #1"); // and A, purged too, now finds B's render there
    assertThat(a.renders(target)).isEqualTo(1);
  }
}
