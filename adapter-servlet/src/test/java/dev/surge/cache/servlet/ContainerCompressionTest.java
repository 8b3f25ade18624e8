package dev.surge.cache.servlet;

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
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Surge behind a container that compresses responses itself (Jetty's {@code GzipHandler}, Tomcat's {@code
 * compression="on"}): the miss is compressed by the container from the identity bytes Surge captured, and a hit
 * already carries Surge's {@code Content-Encoding}, which the container leaves alone, so no body is ever
 * compressed twice and every client reads the application's bytes. The container's {@code Content-Encoding}
 * is never stored with the identity bytes Surge captured, compression on or off.
 */
class ContainerCompressionTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private EmbeddedContainer container;

  static Stream<EmbeddedContainer> compressingContainers() {
    return Stream.of(JettyContainer.behindGzipHandler(), TomcatContainer.compressing());
  }

  @AfterEach
  void stop() throws Exception {
    container.stop();
  }

  private HttpResponse<byte[]> get(URI base, String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressingContainers")
  void aHitCompressedBySurgePassesTheContainersCompressorUntouched(EmbeddedContainer compressing) throws Exception {
    container = compressing;
    ContractApplication app = new ContractApplication();
    HttpCache cache = HttpCache.builder().build();
    URI base = container.start(new HttpCacheFilter(cache), new ContractServlet(app));
    String page = CompressionRoutes.PREFIX + "html/container";
    byte[] identity = CompressionRoutes.page(page, 1);

    HttpResponse<byte[]> miss = get(base, page, "gzip");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).as("%s", cache.stats()).isEqualTo(1));
    HttpResponse<byte[]> gzipHit = get(base, page, "gzip");
    HttpResponse<byte[]> zstdHit = get(base, page, "zstd");
    HttpResponse<byte[]> plainHit = get(base, page, null);

    assertThat(miss.headers().firstValue("Content-Encoding")).as("the container compressed the miss").hasValue("gzip");
    assertThat(gunzip(miss.body())).isEqualTo(identity);
    assertThat(gzipHit.headers().allValues("Content-Encoding")).containsExactly("gzip");
    assertThat(gunzip(gzipHit.body())).as("compressed once, by Surge").isEqualTo(identity);
    assertThat(zstdHit.headers().allValues("Content-Encoding")).containsExactly("zstd");
    assertThat(zstdHit.headers().firstValue("Content-Length").map(Integer::parseInt)).hasValue(zstdHit.body().length);
    assertThat(plainHit.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plainHit.body()).isEqualTo(identity);
    assertThat(app.renders(page)).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressingContainers")
  void withSurgesCompressionOffAHitIsTheIdentityBodyWhichTheContainerMayCompress(EmbeddedContainer compressing)
      throws Exception {
    container = compressing;
    ContractApplication app = new ContractApplication();
    HttpCache cache = HttpCache.builder().compression(Compression.off()).build();
    URI base = container.start(new HttpCacheFilter(cache), new ContractServlet(app));
    String page = CompressionRoutes.PREFIX + "html/container-off";
    byte[] identity = CompressionRoutes.page(page, 1);

    get(base, page, "gzip");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).isEqualTo(1));
    HttpResponse<byte[]> gzipHit = get(base, page, "gzip");

    // the container's Vary: Accept-Encoding keys the entry by the field, so the same client asks again
    boolean gzipped = gzipHit.headers().firstValue("Content-Encoding").isPresent();
    assertThat(gzipped ? gunzip(gzipHit.body()) : gzipHit.body()).isEqualTo(identity);
    assertThat(app.renders(page)).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }
}
