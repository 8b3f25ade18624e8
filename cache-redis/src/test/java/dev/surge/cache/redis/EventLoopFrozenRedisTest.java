package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.vertx.HttpCacheHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x application on one event loop whose shared tier sits on a Redis frozen by SIGSTOP (connections open,
 * nothing answered): the lookup that waits for Redis holds no event loop, so another request on the same loop
 * is answered while it waits, and Vert.x's blocked-thread checker, set to 200 ms, reports no loop waiting.
 */
class EventLoopFrozenRedisTest {

  private static final String HOST = "www.example.com";

  @Test
  void aLookupWaitingForAFrozenRedisHoldsNoEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(1)
        .setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();
    try (RedisServer redis = RedisServer.start();
        SurgeRedis surge = SurgeRedis.builder(redis.uri()).namespace("frozen-" + UUID.randomUUID())
            .sharedTier(true).fleetCollapsing(true).sharedTierTimeout(Duration.ofSeconds(5)).build()) {
      HttpCache cache = surge.newCache(HttpCache.builder().allowedHosts(Set.of(HOST)));
      HttpCacheHandler surgeHandler = HttpCacheHandler.create(cache);
      AtomicInteger renders = new AtomicInteger();
      Router router = Router.router(vertx);
      CountDownLatch pageArrived = new CountDownLatch(1);
      router.get("/ping").handler(context -> context.response().end("pong"));
      router.get("/page").handler(context -> {
        pageArrived.countDown(); // the cache's handler runs next, in this same turn of the event loop
        context.next();
      });
      router.route().handler(surgeHandler);
      router.route().handler(context -> context.response().putHeader("Cache-Control", "max-age=60")
          .end("rendered " + context.request().path() + " #" + renders.incrementAndGet()));
      HttpServer server = vertx.createHttpServer().requestHandler(surgeHandler.capturing(router))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      URI base = URI.create("http://127.0.0.1:" + server.actualPort());
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      assertThat(get(client, base, "/warm").get(10, TimeUnit.SECONDS)).isEqualTo("rendered /warm #1");
      // A loop that is only not scheduled on a busy machine is runnable; one held by a lookup waits.
      ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
        if (event.thread().getState() != Thread.State.RUNNABLE) {
          blocked.add(event);
        }
      });

      redis.freeze();
      CompletableFuture<String> waitingForRedis;
      String pong;
      try {
        waitingForRedis = get(client, base, "/page");
        assertThat(pageArrived.await(10, TimeUnit.SECONDS)).isTrue();
        pong = get(client, base, "/ping").get(10, TimeUnit.SECONDS);
        assertThat(waitingForRedis).as("the page waits for the frozen Redis").isNotDone();
      } finally {
        redis.thaw();
      }

      assertThat(pong).isEqualTo("pong");
      assertThat(waitingForRedis.get(20, TimeUnit.SECONDS)).isEqualTo("rendered /page #2");
      assertThat(blocked).as("blocked-thread reports").isEmpty();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static CompletableFuture<String> get(HttpClient client, URI base, String target) {
    return client.sendAsync(HttpRequest.newBuilder(base.resolve(target)).header("Host", HOST).build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
  }
}
