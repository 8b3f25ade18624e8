package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request that waited for another render of its page and then renders itself reaches the application as
 * one that did not wait: its body can still be read. Vert.x hands a request's end to its handlers once the
 * request handler returns unless the request is paused, after which {@code request.body()} throws "Request
 * has already been read"; a handler that reads the body (a forwarder, a {@code BodyHandler} mounted after
 * Surge) then failed with 500 whenever coalescing had deferred it.
 */
class DeferredRenderTest {

  private final VertxServers servers = new VertxServers();
  private final HttpCache cache = HttpCache.builder().clock(MutableClock.standingStill()).build();
  private final CountDownLatch leaderRendering = new CountDownLatch(1);
  private final CompletableFuture<Void> leaderMayFinish = new CompletableFuture<>();
  private final AtomicInteger renders = new AtomicInteger();
  private URI base;

  @AfterEach
  void stop() throws Exception {
    leaderMayFinish.complete(null);
    servers.closeAndCheckNothingBlocked();
  }

  private void serve(boolean bodyReadBeforeSurge) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    servers.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        HttpCacheHandler surge = HttpCacheHandler.create(cache);
        Router router = Router.router(vertx);
        if (bodyReadBeforeSurge) {
          router.route().handler(BodyHandler.create());
        }
        router.route().handler(surge);
        router.get("/warm").handler(context -> context.response().end("warm"));
        router.get("/slow").handler(context -> body(context, bodyReadBeforeSurge).onComplete(read -> {
          if (read.failed()) {
            context.fail(read.cause());
            return;
          }
          int render = renders.incrementAndGet();
          leaderRendering.countDown();
          Future.fromCompletionStage(leaderMayFinish, context.vertx().getOrCreateContext()).onComplete(released ->
              context.response().putHeader("Cache-Control", "no-store").end("render " + render));
        }));
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
            .requestHandler(surge.capturing(router))
            .listen();
      }
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + port);
  }

  /** The body as the handler reads it: from {@code BodyHandler} when one ran before Surge, else from the request. */
  private static Future<Buffer> body(RoutingContext context, boolean readBeforeSurge) {
    return readBeforeSurge ? Future.succeededFuture(context.body().buffer()) : context.request().body();
  }

  @Test
  void aWaiterReleasedToRenderItselfCanStillReadItsRequestBody() throws Exception {
    serve(false);
    assertTheWaiterRendersItself(HttpClient.Version.HTTP_1_1);
  }

  /**
   * Over HTTP/2 a request whose body a {@code BodyHandler} before Surge already read has ended, and Vert.x
   * refuses to pause or resume an ended HTTP/2 request: the wait must leave such a request alone.
   */
  @Test
  void overHttp2AWaiterWhoseBodyWasReadBeforeSurgeIsServed() throws Exception {
    serve(true);
    assertTheWaiterRendersItself(HttpClient.Version.HTTP_2);
  }

  private void assertTheWaiterRendersItself(HttpClient.Version version) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(version).build();
    HttpResponse<String> warm = client.send(HttpRequest.newBuilder(base.resolve("/warm")).build(),
        HttpResponse.BodyHandlers.ofString()); // one connection, upgraded to h2c when asked, for both requests
    assertThat(warm.version()).isEqualTo(version);
    HttpRequest slow = HttpRequest.newBuilder(base.resolve("/slow")).timeout(Duration.ofSeconds(20)).build();
    CompletableFuture<HttpResponse<String>> leader = client.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
    assertThat(leaderRendering.await(20, TimeUnit.SECONDS)).as("the leader is rendering").isTrue();
    CompletableFuture<HttpResponse<String>> waiter = client.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(20)).until(() -> cache.stats().coalescedWaits() == 1);

    leaderMayFinish.complete(null);

    assertThat(leader.get(20, TimeUnit.SECONDS).body()).isEqualTo("render 1");
    HttpResponse<String> released = waiter.get(20, TimeUnit.SECONDS);
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(released.body()).isEqualTo("render 2");
  }
}
