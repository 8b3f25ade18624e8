package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servers of the harness's compression rows, in this JVM, asked as the load asks: the limit sends what a Surge
 * hit sends (the same fields, length and bytes), and the server compressing on the fly sends gzip of the body.
 */
class CompressionRowServersTest {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void theLimitSendsTheFieldsAndBytesOfASurgeHit(String adapter) throws Exception {
    for (CompressibleBody body : CompressibleBody.values()) {
      for (String coding : new String[] {"br", "zstd", "gzip"}) {
        HttpCache cache = SurgeDemo.oneGenerationCache().compression(Compression.builder().codings(coding).build())
            .build();
        try (DemoServer surge = SurgeDemo.server(adapter, body.application(), Optional.of(cache));
            DemoServer limit = adapter.equals("vertx") ? new VertxWikiServer(body.limit(coding), Optional.empty(), false)
                : new JettyWikiServer(body.limit(coding), Optional.empty())) {
          URI surgeBase = surge.start(0);
          URI limitBase = limit.start(0);
          get(surgeBase);
          HttpResponse<byte[]> hit = get(surgeBase);
          HttpResponse<byte[]> constant = get(limitBase);

          assertThat(cache.stats().hits()).isEqualTo(1);
          assertThat(hit.headers().firstValue("Content-Encoding")).contains(coding);
          assertThat(constant.body()).isEqualTo(hit.body());
          assertThat(fieldsButTimes(constant.headers())).isEqualTo(fieldsButTimes(hit.headers()));
          assertThat(constant.headers().map().keySet()).containsExactlyInAnyOrderElementsOf(
              hit.headers().map().keySet());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void theServerCompressingOnTheFlySendsGzipOfTheBody(String adapter) throws Exception {
    for (CompressibleBody body : CompressibleBody.values()) {
      try (DemoServer server = adapter.equals("vertx") ? VertxWikiServer.compressingOnTheFly(body.application())
          : JettyWikiServer.compressingOnTheFly(body.application())) {
        HttpResponse<byte[]> answer = get(server.start(0));

        assertThat(answer.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(answer.headers().firstValue("Content-Type")).contains(body.contentType());
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
          assertThat(gzip.readAllBytes()).isEqualTo(body.bytes());
        }
      }
    }
  }

  private HttpResponse<byte[]> get(URI base) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(WikiSite.PREFIX + 0));
    Harness.ACCEPTS_EVERY_CODING.forEach(request::header);
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  /** The fields by lower-case name, without those that tell when they were sent. */
  private static Map<String, Object> fieldsButTimes(HttpHeaders headers) {
    Map<String, Object> fields = new TreeMap<>();
    headers.map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!Set.of("date", "age").contains(lower)) {
        fields.put(lower, values);
      }
    });
    return fields;
  }
}
