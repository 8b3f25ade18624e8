package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.contract.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body piped from a source that fails part way: Vert.x's pipe then ends the response as if the body were
 * complete. Each route pipes the same failing source its own way: {@code send(ReadStream)}, {@code
 * pipeTo(response)}, and a {@code Pipe} that ends its destination on failure.
 */
class PipedSourceFailureTest {

  private static final List<String> CHUNKS = List.of("first part, ", "second part, ");

  private final VertxServers servers = new VertxServers();
  private final AtomicInteger renders = new AtomicInteger();
  private final HttpCache cache = HttpCache.builder().clock(MutableClock.standingStill()).build();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private URI withSurge;
  private URI withoutSurge;

  @BeforeEach
  void start() throws Exception {
    withSurge = serve(true);
    withoutSurge = serve(false);
  }

  @AfterEach
  void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }

  /** Deploys the routes, behind Surge or not, on a port of their own. */
  private URI serve(boolean surge) throws Exception {
    AtomicReference<HttpServer> started = new AtomicReference<>();
    servers.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        HttpCacheHandler cacheHandler = HttpCacheHandler.create(cache);
        if (surge) {
          router.route().handler(cacheHandler);
          router.route().handler(context -> {
            renders.incrementAndGet();
            context.next();
          });
        }
        router.get("/send").handler(context -> context.response().send(failingSource(context)));
        router.get("/pipe-to").handler(context -> failingSource(context).pipeTo(context.response().setChunked(true)));
        router.get("/pipe").handler(context -> failingSource(context).pipe().endOnFailure(true)
            .to(context.response().setChunked(true)));
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(surge ? cacheHandler.capturing(router) : router)
            .listen()
            .onSuccess(started::set);
      }
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + started.get().actualPort());
  }

  private static ReadStream<Buffer> failingSource(RoutingContext context) {
    return new FailingSource(context.vertx().getOrCreateContext(), CHUNKS);
  }

  /** What a client saw: a response complete by its framing (status, length if declared, body), or a cut. */
  private record Seen(boolean cut, int status, Optional<String> contentLength, String body) {

    static Seen cutShort() {
      return new Seen(true, 0, Optional.empty(), "");
    }
  }

  private Seen get(URI server, String path) throws InterruptedException {
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Seen(false, response.statusCode(), response.headers().firstValue("Content-Length"), response.body());
    } catch (IOException cut) {
      return Seen.cutShort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/send", "/pipe-to", "/pipe"})
  void pipedSourceThatFailsIsNeverStored(String path) throws Exception {
    get(withSurge, path);
    Seen second = get(withSurge, path);

    assertThat(renders).as("renders of " + path).hasValue(2);
    assertThat(second.contentLength()).as("a stored copy would be sent with its length").isEmpty();
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cache.stats().rejections(RejectReason.INCOMPLETE)).isEqualTo(2));
    assertThat(cache.stats().stores()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/send", "/pipe-to", "/pipe"})
  void pipedSourceThatFailsReachesTheClientAsItWouldWithoutSurge(String path) throws Exception {
    Seen plain = get(withoutSurge, path);
    Seen miss = get(withSurge, path);

    // Vert.x's pipe ends the response normally: the chunked body looks complete, cut or not.
    assertThat(plain).isEqualTo(new Seen(false, 200, Optional.empty(), String.join("", CHUNKS)));
    assertThat(miss).isEqualTo(plain);
  }
}
