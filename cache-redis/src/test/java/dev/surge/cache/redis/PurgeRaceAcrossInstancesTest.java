package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A render that races a purge on another instance does not outlive it: B renders the page, A purges it and C
 * applies the purge, B finishes and writes its render to Redis before the purge has reached B itself; C must
 * not then promote B's render from Redis and serve it for its whole lifetime.
 */
class PurgeRaceAcrossInstancesTest {

  private final ExecutorService bsPurges = Executors.newSingleThreadExecutor();
  private final CountDownLatch purgesReachB = new CountDownLatch(1);
  private RedisServer redisServer;
  private AppInstance a;
  private AppInstance b;
  private AppInstance c;

  @BeforeEach
  void start() throws Exception {
    redisServer = RedisServer.start();
    String namespace = "race-" + UUID.randomUUID();
    a = AppInstance.start("A", redisServer.uri(), namespace, options -> options.sharedTier(true));
    b = AppInstance.start("B", redisServer.uri(), namespace,
        options -> options.sharedTier(true).purgeApplier(bsPurges));
    c = AppInstance.start("C", redisServer.uri(), namespace, options -> options.sharedTier(true));
  }

  @AfterEach
  void stop() throws Exception {
    purgesReachB.countDown();
    bsPurges.shutdownNow();
    a.stop();
    b.stop();
    c.stop();
    redisServer.close();
  }

  @Test
  void aRenderThatStartedBeforeAPurgeElsewhereIsNotServedFromTheSharedTierAfterIt() throws Exception {
    String target = "/news/today";
    bsPurges.execute(() -> awaitQuietly(purgesReachB)); // purges wait on B until the end
    AppInstance.HeldRender hold = b.holdRendersOf(target);
    CompletableFuture<String> bsRender = CompletableFuture.supplyAsync(() -> get(b, target));
    assertThat(hold.started().await(30, TimeUnit.SECONDS)).isTrue();

    a.cache().invalidate(AppInstance.uri(target));
    await().until(() -> c.redis().stats().purgesReceived() == 1);
    hold.release().countDown();
    assertThat(bsRender.get(30, TimeUnit.SECONDS)).endsWith("by B #1");
    await().until(() -> b.redis().stats().tierStores() + b.redis().stats().tierStalePuts() == 1);

    assertThat(c.get(target)).as("B's render predates A's purge").endsWith("by C #1");
    assertThat(b.redis().stats().tierStalePuts()).isEqualTo(1);
  }

  private static String get(AppInstance instance, String target) {
    try {
      return instance.get(target);
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
