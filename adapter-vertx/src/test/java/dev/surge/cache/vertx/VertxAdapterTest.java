package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.contract.MutableClock;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vert.x-specific behaviour beyond the contract: what later handlers write through every path of the
 * response API, what must not be stored, store scopes across verticle instances, HTTP/2, and Vert.x's own
 * client.
 */
class VertxAdapterTest {

  @TempDir Path files;
  private final VertxServers servers = new VertxServers();
  private final ConcurrentMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();
  private final List<HttpCache> caches = new CopyOnWriteArrayList<>();
  private URI base;

  @AfterEach
  void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }

  private int renders(String path) {
    AtomicInteger count = renders.get(path);
    return count == null ? 0 : count.get();
  }

  /** Deploys {@code instances} verticles of the test application, each with a cache from {@code cacheSource}. */
  private void serve(Supplier<HttpCache> cacheSource, int instances, boolean capturing) throws Exception {
    int port = freePort();
    Path file = Files.writeString(files.resolve("page.txt"), "from a file");
    Path stream = Files.writeString(files.resolve("stream.txt"), "streamed body");
    servers.vertx().deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        HttpCache cache = cacheSource.get();
        caches.add(cache);
        HttpCacheHandler surge = HttpCacheHandler.create(cache);
        Router router = Router.router(vertx);
        router.route().handler(surge);
        router.route().handler(context -> {
          renders.computeIfAbsent(context.request().path(), ignored -> new AtomicInteger()).incrementAndGet();
          context.next();
        });
        router.get("/chunked").handler(context -> {
          context.response().setChunked(true);
          context.response().write("one ");
          context.response().write(Buffer.buffer("two "));
          context.response().write("three", "UTF-8");
          context.response().end(" four");
        });
        router.get("/send").handler(context -> context.response().send("sent " + renders("/send")));
        router.get("/send-stream").handler(context -> vertx.fileSystem().open(stream.toString(), new OpenOptions())
            .compose(opened -> context.response().send(opened)));
        router.get("/file").handler(context -> context.response().sendFile(file.toString()));
        router.get("/cookie").handler(context -> {
          context.response().addCookie(Cookie.cookie("session", "alice"));
          context.response().end("cookie " + renders("/cookie"));
        });
        router.get("/trailers").handler(context -> {
          context.response().setChunked(true);
          context.response().putTrailer("x-checksum", "1");
          context.response().end("trailers " + renders("/trailers"));
        });
        router.get("/never-ends").handler(context -> context.response().setChunked(true).write("partial"));
        router.get("/page").handler(context -> context.response().end("page " + renders("/page")));
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
            .requestHandler(capturing ? surge.capturing(router) : router)
            .listen();
      }
    }, new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + port);
  }

  private static HttpCache testCache() {
    return HttpCache.builder().clock(MutableClock.standingStill()).build();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), path);
  }

  private static HttpResponse<String> get(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void chunkedWritesInEveryFormAreCapturedWhole() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);
    HttpResponse<String> miss = get("/chunked");
    HttpResponse<String> hit = get("/chunked");

    assertThat(miss.body()).isEqualTo("one two three four");
    assertThat(hit.body()).isEqualTo("one two three four");
    assertThat(renders("/chunked")).isEqualTo(1);
    assertThat(hit.headers().firstValue("Transfer-Encoding")).isEmpty();
  }

  @Test
  void sendOfABufferAndOfAStreamAreCaptured() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);
    get("/send");
    get("/send-stream");

    assertThat(get("/send").body()).isEqualTo("sent 1");
    assertThat(get("/send-stream").body()).isEqualTo("streamed body");
    assertThat(renders("/send")).isEqualTo(1);
    assertThat(renders("/send-stream")).isEqualTo(1);
  }

  @Test
  void sendFileCookiesAndTrailersAreNeverStored() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);
    for (String path : List.of("/file", "/cookie", "/trailers")) {
      get(path);
      get(path);
      assertThat(renders(path)).as(path).isEqualTo(2);
    }
    assertThat(caches.get(0).stats().stores()).isZero();
  }

  @Test
  void responseThatNeverEndsIsNotStoredAndDoesNotHoldUpLaterRequests() throws Exception {
    serve(() -> HttpCache.builder().coalescingTimeout(Duration.ofMillis(200)).build(), 1, true);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    client.sendAsync(HttpRequest.newBuilder(base.resolve("/never-ends")).build(), HttpResponse.BodyHandlers.ofString());
    client.sendAsync(HttpRequest.newBuilder(base.resolve("/never-ends")).build(), HttpResponse.BodyHandlers.ofString());

    eventually(() -> assertThat(renders("/never-ends")).isEqualTo(2));
    assertThat(caches.get(0).stats().stores()).isZero();
  }

  @Test
  void withoutTheCapturingWrapperNothingIsStoredButEveryRequestIsServed() throws Exception {
    serve(VertxAdapterTest::testCache, 1, false);
    assertThat(get("/page").body()).isEqualTo("page 1");
    assertThat(get("/page").body()).isEqualTo("page 2");
    eventually(() -> assertThat(caches.get(0).stats().rejections(RejectReason.INCOMPLETE)).isEqualTo(2));
  }

  @Test
  void withoutTheCapturingWrapperEveryResponseItCannotStoreSaysSoEvenWithCacheStatusOff() throws Exception {
    serve(VertxAdapterTest::testCache, 1, false);

    for (int i = 0; i < 2; i++) {
      assertThat(get("/page").headers().allValues("Cache-Status"))
          .containsExactly("Surge; fwd=uri-miss; detail=capture-missing");
    }
    assertThat(get(HttpRequest.newBuilder(base.resolve("/page")).method("HEAD", HttpRequest.BodyPublishers.noBody()))
        .headers().allValues("Cache-Status")).isEmpty(); // HEAD is never stored: nothing was missed
  }

  @Test
  void withoutTheCapturingWrapperTheDetailJoinsAnEnabledCacheStatus() throws Exception {
    serve(() -> HttpCache.builder().clock(MutableClock.standingStill()).cacheStatusHeader(true).build(), 1, false);

    assertThat(get("/page").headers().allValues("Cache-Status"))
        .containsExactly("Surge; fwd=uri-miss; detail=capture-missing");
  }

  @Test
  void eachHandlerLogsItsCacheOnceWhenCreated() throws Exception {
    serve(() -> HttpCache.builder().maximumBytes(ByteSize.ofKilobytes(7343)).maximumEntries(700).build(), 2, true);
    assertThat(get("/page").statusCode()).isEqualTo(200);

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-test.log"));
    assertThat(Files.readString(log, StandardCharsets.UTF_8).lines()
            .filter(line -> line.contains("Surge cache ready") && line.contains("store 7343KB in memory")))
        .hasSize(2) // one cache per verticle instance
        .allSatisfy(line -> assertThat(line).contains("INFO").endsWith("Surge cache ready on Vert.x: store 7343KB"
            + " in memory, at most 700 entries, recycled every 100000 requests or 10m, entries up to 1MB; default"
            + " TTL 1m (for responses that state no freshness); revalidation of stale pages with validators for 10m;"
            + " Cache-Status off (enable:"
            + " HttpCache.builder().cacheStatusHeader(true)); purge fan-out off"));
  }

  @Test
  void withTheCapturingWrapperAndCacheStatusOffNothingIsAdded() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);

    assertThat(get("/page").headers().allValues("Cache-Status")).isEmpty();
    assertThat(get("/page").headers().allValues("Cache-Status")).isEmpty();
    assertThat(renders("/page")).isEqualTo(1);
  }

  @Test
  void sharedStoreRendersOnceForAllVerticleInstances() throws Exception {
    HttpCache shared = testCache();
    serve(() -> shared, 2, true);
    for (int i = 0; i < 10; i++) {
      assertThat(get("/page").body()).isEqualTo("page 1"); // a new client, so a new connection, each time
    }
    assertThat(renders("/page")).isEqualTo(1);
  }

  @Test
  void perVerticleStoresAreKeptApart() throws Exception {
    serve(VertxAdapterTest::testCache, 2, true);
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bodies.add(get("/page").body()); // connections are spread over the two instances
    }

    assertThat(renders("/page")).isEqualTo(2);
    assertThat(bodies).containsOnly("page 1", "page 2");
    eventually(() -> assertThat(caches).allSatisfy(cache -> assertThat(cache.stats().stores()).isEqualTo(1)));
  }

  @Test
  void http2ResponsesAreCachedWithoutPseudoHeaders() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    get(client, "/page");
    HttpResponse<String> hit = get(client, "/page");

    assertThat(hit.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(hit.body()).isEqualTo("page 1");
    assertThat(hit.headers().map().keySet()).noneMatch(name -> name.startsWith(":") && !name.equals(":status"));
  }

  @Test
  void vertxWebClientGetsTheSameCachedPage() throws Exception {
    serve(VertxAdapterTest::testCache, 1, true);
    WebClient client = WebClient.create(servers.vertx());
    try {
      String first = client.getAbs(base.resolve("/page").toString()).send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsString();
      String second = client.getAbs(base.resolve("/page").toString()).send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsString();

      assertThat(first).isEqualTo("page 1");
      assertThat(second).isEqualTo("page 1");
    } finally {
      client.close();
    }
  }

  @Test
  void blockedThreadCheckerCatchesABlockedEventLoop() throws Exception {
    VertxServers probe = new VertxServers();
    Promise<Void> done = Promise.promise();
    probe.vertx().runOnContext(ignored -> {
      try {
        // the bug the checker is there for: a blocking wait on the event loop (this latch is never counted down)
        new CountDownLatch(1).await(600, TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      done.complete();
    });
    done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThatThrownBy(probe::closeAndCheckNothingBlocked)
        .isInstanceOf(AssertionError.class);
    serve(VertxAdapterTest::testCache, 1, true); // keeps stop() meaningful for this test too
  }
}
