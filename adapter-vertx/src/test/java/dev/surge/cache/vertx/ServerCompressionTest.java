package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.CompressionRoutes;
import dev.surge.cache.contract.ContractApplication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Surge on a Vert.x server that compresses responses itself ({@code setCompressionSupported(true)}): the
 * server compresses a miss from the identity bytes Surge captured, leaves a hit that carries Surge's {@code
 * Content-Encoding} alone, and its coding is never stored with identity bytes; every client reads the
 * application's bytes, decoded once.
 */
class ServerCompressionTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final VertxServers servers = new VertxServers();
  private final ContractApplication app = new ContractApplication();

  @AfterEach
  void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }

  private HttpResponse<byte[]> get(URI base, String path, String acceptEncoding) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Accept-Encoding", acceptEncoding).build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] identityOf(HttpResponse<byte[]> response) throws IOException {
    if (response.headers().firstValue("Content-Encoding").isEmpty()) {
      return response.body();
    }
    assertThat(response.headers().allValues("Content-Encoding")).containsExactly("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aHitCompressedBySurgePassesTheServersCompressorUntouched() throws Exception {
    HttpCache cache = HttpCache.builder().build();
    URI base = servers.deployCompressing(cache, app);
    String page = CompressionRoutes.PREFIX + "html/vertx-server";

    HttpResponse<byte[]> miss = get(base, page, "gzip");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).isEqualTo(1));
    HttpResponse<byte[]> gzipHit = get(base, page, "gzip");
    HttpResponse<byte[]> zstdHit = get(base, page, "zstd");

    byte[] identity = CompressionRoutes.page(page, 1);
    assertThat(miss.headers().firstValue("Content-Encoding")).as("the server compressed the miss").hasValue("gzip");
    assertThat(identityOf(miss)).isEqualTo(identity);
    assertThat(gzipHit.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(identityOf(gzipHit)).as("compressed once, by Surge").isEqualTo(identity);
    assertThat(zstdHit.headers().allValues("Content-Encoding")).containsExactly("zstd");
    assertThat(zstdHit.headers().firstValue("Content-Length").map(Integer::parseInt)).hasValue(zstdHit.body().length);
    assertThat(app.renders(page)).isEqualTo(1);
  }

  /**
   * An application answering on the event loop: Vert.x writes the head through the server's compressor
   * before the response's end is reported, and the compressor sets {@code Content-Encoding} on the very
   * header map the application filled. That field must not be stored with the identity bytes Surge copied.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aResponseEndedOnTheEventLoopIsStoredWithoutTheServersCoding(boolean chunked) throws Exception {
    for (Compression compression : List.of(Compression.defaults(), Compression.off())) {
      HttpCache cache = HttpCache.builder().compression(compression).build();
      String page = CompressionRoutes.PREFIX + "html/on-the-loop";
      byte[] identity = CompressionRoutes.page(page, 1);
      URI base = deployOnTheEventLoop(cache, identity, chunked);

      HttpResponse<byte[]> miss = get(base, page, "gzip");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).isEqualTo(1));
      HttpResponse<byte[]> gzipHit = get(base, page, "gzip");
      HttpResponse<byte[]> identityHit = get(base, page, "identity");

      assertThat(miss.headers().firstValue("Content-Encoding")).as("the server compressed the miss").hasValue("gzip");
      assertThat(identityOf(miss)).isEqualTo(identity);
      assertThat(identityOf(gzipHit)).as("gzip hit, %s", compression).isEqualTo(identity);
      assertThat(identityHit.headers().firstValue("Content-Encoding")).as("identity hit, %s", compression).isEmpty();
      assertThat(identityHit.body()).isEqualTo(identity);
    }
  }

  private URI deployOnTheEventLoop(HttpCache cache, byte[] page, boolean chunked) throws Exception {
    Vertx vertx = servers.vertx();
    Router router = Router.router(vertx);
    HttpCacheHandler surge = HttpCacheHandler.create(cache);
    router.route().handler(surge);
    router.route().handler(context -> {
      HttpServerResponse response = context.response().putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "max-age=60");
      if (chunked) {
        response.setChunked(true).write(Buffer.buffer(page).slice(0, 100));
        response.end(Buffer.buffer(page).slice(100, page.length));
      } else {
        response.end(Buffer.buffer(page));
      }
    });
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setCompressionSupported(true))
        .requestHandler(surge.capturing(router))
        .listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @Test
  void withSurgesCompressionOffTheServersCodingIsNotStoredWithTheIdentityBytes() throws Exception {
    HttpCache cache = HttpCache.builder().compression(Compression.off()).build();
    URI base = servers.deployCompressing(cache, app);
    String page = CompressionRoutes.PREFIX + "html/vertx-server-off";

    get(base, page, "gzip");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).isEqualTo(1));
    HttpResponse<byte[]> gzipHit = get(base, page, "gzip");

    assertThat(identityOf(gzipHit)).isEqualTo(CompressionRoutes.page(page, 1));
    assertThat(app.renders(page)).isEqualTo(1);
  }
}
