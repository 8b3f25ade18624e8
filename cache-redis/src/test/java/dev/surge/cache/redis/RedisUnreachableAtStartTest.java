package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The application starts while Redis cannot be reached, serves, and joins the fleet once Redis is up. */
class RedisUnreachableAtStartTest {

  @Test
  void instancesBuiltWhileNothingListensServeAndFanOutAndShareOnceRedisStartsOnThePort() throws Exception {
    RedisServer redisServer = RedisServer.start();
    redisServer.kill(); // its port is free now: nothing listens there until the restart below
    String namespace = "late-" + UUID.randomUUID();
    AppInstance a = AppInstance.startWithoutWaiting("A",
        AppInstance.configured(SurgeRedis.builder(redisServer.uri()), namespace).sharedTier(true));
    AppInstance b = AppInstance.startWithoutWaiting("B",
        AppInstance.configured(SurgeRedis.builder(redisServer.uri()), namespace).sharedTier(true));
    try {
      // Serving from memory: renders, hits, and a purge applied locally.
      assertThat(a.get("/page")).endsWith("by A #1");
      assertThat(a.get("/page")).endsWith("by A #1");
      assertThat(b.get("/page")).endsWith("by B #1");
      a.cache().invalidatePathPrefix("/page");
      assertThat(a.get("/page")).endsWith("by A #2");
      assertThat(a.redis().stats().available()).isFalse();
      assertThat(a.redis().stats().tierErrors()).isGreaterThanOrEqualTo(1); // the lookups were misses
      assertThat(a.redis().stats().purgePublishFailures()).isEqualTo(1); // kept to publish later
      await().until(() -> a.redis().stats().failures() > 3); // the connection attempts go on
      assertThat(a.redis().stats().outages()).isEqualTo(1);

      redisServer.restart();

      await().until(() -> a.redis().stats().available() && b.redis().stats().available());
      await().until(() -> a.redis().stats().purgesPublished() == 1); // the purge made before Redis was up
      assertThat(a.redis().stats().purgesReplayed()).isEqualTo(1);
      // What each cached before it subscribed is dropped: purges published meanwhile were not heard.
      await().until(() -> b.get("/page").contains("by B #2"));
      // Purges fan out.
      b.get("/news");
      a.cache().invalidatePath("/news");
      await().until(() -> b.get("/news").endsWith("by B #2"));
      // The shared tier works, once A has started a new generation (its purge did not reach the tier).
      await().until(() -> {
        a.get("/warm-up/" + UUID.randomUUID());
        return a.redis().stats().tierStores() >= 1;
      });
      // A warm-up's put may still land after this page's lookup, so a page counts only once B is served A's copy
      // of it: a page B was asked for too early, B renders itself, and another page is tried.
      await().until(() -> {
        String page = "/shared/" + UUID.randomUUID();
        long stored = a.redis().stats().tierStores();
        a.get(page);
        await().until(() -> a.redis().stats().tierStores() > stored);
        return b.get(page).endsWith("by A #1");
      });
      assertThat(b.redis().stats().tierHits()).isEqualTo(1);
      assertThat(a.redis().stats().outages()).isEqualTo(1);
      assertThat(Files.readString(Path.of("target", "surge-redis-test.log")))
          .contains("Redis is unavailable (connecting to Redis failed")
          .contains("Redis is available again");
    } finally {
      a.stop();
      b.stop();
      redisServer.close();
    }
  }

  @Test
  void closeWhileNothingListensReturnsAndLeavesNoThreadBehind() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Set<Thread> before = clientThreads();
    SurgeRedis redis = SurgeRedis.builder("redis://127.0.0.1:" + closedPort)
        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    await().until(() -> redis.stats().failures() > 3);

    redis.close();

    await().until(() -> before.containsAll(clientThreads()));
  }

  @Test
  void closeDuringAConnectionAttemptThatRedisNeverAnswersReturnsAndLeavesNoThreadBehind() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // and never answer
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.start();
      Set<Thread> before = clientThreads();
      // The attempt waits for Redis's answer far longer than the test gives close().
      SurgeRedis redis = SurgeRedis.builder("redis://127.0.0.1:" + silent.getLocalPort())
          .commandTimeout(Duration.ofMinutes(1)).build();
      await().until(() -> !accepted.isEmpty());

      assertTimeoutPreemptively(Duration.ofSeconds(20), redis::close);

      assertThat(redis.stats().available()).isFalse();
      await().until(() -> before.containsAll(clientThreads()));
      silent.close();
      acceptor.join();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /** The live threads of Surge's Redis clients: Lettuce's and Surge's own. */
  private static Set<Thread> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("lettuce-") || thread.getName().startsWith("surge-redis"))
        .collect(Collectors.toSet());
  }
}
