package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.spring.boot.app.WikiApplication;
import dev.surge.cache.spring.boot.app.WikiController;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * A fresh Boot application with the dependency and {@code @CacheResponse} on a few handlers, on embedded
 * Tomcat at a random port, talked to over real HTTP.
 */
@SpringBootTest(
    classes = WikiApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "management.endpoints.web.exposure.include=surgecache"})
class FreshBootApplicationTest {

  @LocalServerPort
  private int port;

  @Autowired
  private WikiController wiki;

  @Autowired
  private HttpCache cache;

  @Autowired
  private MeterRegistry meters;

  private RestClient client() {
    return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
  }

  private String get(String path) {
    return client().get().uri(path).retrieve().body(String.class);
  }

  private void awaitReported(long responses) {
    await().atMost(Duration.ofSeconds(30)).until(() -> reported() >= responses);
  }

  private long reported() {
    return cache.stats().stores() + cache.stats().totalRejections() + cache.stats().totalBypasses();
  }

  @Test
  void annotatedJsonEndpointIsCachedWithNoOtherConfiguration() {
    long before = reported();
    String first = get("/api/articles/7");
    awaitReported(before + 1);
    String second = get("/api/articles/7");

    assertThat(first).contains("\"id\":\"7\"").contains("\"render\":1");
    assertThat(second).isEqualTo(first);
    assertThat(wiki.renders("article 7")).isEqualTo(1);
  }

  @Test
  void unannotatedEndpointIsNeverCached() {
    long before = reported();
    get("/api/drafts/1");
    awaitReported(before + 1);
    String second = get("/api/drafts/1");

    assertThat(second).contains("\"render\":2");
  }

  @Test
  void serverRenderedViewIsCachedPerVariedHeader() {
    long before = reported();
    ResponseEntity<String> english = client().get().uri("/wiki/home").header("Accept-Language", "en")
        .retrieve().toEntity(String.class);
    awaitReported(before + 1);
    String englishAgain = client().get().uri("/wiki/home").header("Accept-Language", "en")
        .retrieve().body(String.class);
    String german = client().get().uri("/wiki/home").header("Accept-Language", "de")
        .retrieve().body(String.class);

    assertThat(english.getBody()).contains("<h1>home</h1>").contains("render 1");
    assertThat(english.getHeaders().getVary()).contains("Accept-Language");
    assertThat(englishAgain).isEqualTo(english.getBody());
    assertThat(german).contains("render 2");
  }

  @Test
  void asynchronousHandlersPassThroughUncachedEvenWhenAnnotated() {
    for (String path : new String[] {"/async/deferred", "/async/future", "/async/stream"}) {
      long before = reported();
      get(path);
      awaitReported(before + 1);
      assertThat(get(path)).endsWith(" 2");
    }
  }

  @Test
  void tagFromAPathVariablePurgesThroughTheActuatorEndpoint() {
    long before = reported();
    get("/api/articles/42");
    awaitReported(before + 1);

    String purged = client().delete().uri("/actuator/surgecache?tag=article:42").retrieve().body(String.class);
    String after = get("/api/articles/42");

    assertThat(purged).contains("\"purged\":1");
    assertThat(after).contains("\"render\":2");
  }

  @Test
  void actuatorEndpointReadsStatsAndRefusesAPurgeWithoutExactlyOneParameter() {
    String stats = get("/actuator/surgecache");
    int refused = client().delete().uri("/actuator/surgecache?tag=a&prefix=/b")
        .exchange((request, response) -> response.getStatusCode().value());

    assertThat(stats).contains("\"hits\"").contains("\"entries\"").contains("\"rejections\"");
    assertThat(refused).isEqualTo(400);
  }

  @Test
  void fallbackWrittenByAnExceptionHandlerIsNeverStored() {
    long before = reported();
    String fallback = get("/flaky");
    awaitReported(before + 1);

    assertThat(fallback).isEqualTo("sorry, try later");
    assertThat(get("/flaky")).isEqualTo("real content");
  }

  @Test
  void requestMappedToAnotherHandlerByProducesIsNotAnsweredFromTheCachedOne() {
    long before = reported();
    String json = client().get().uri("/me").header("Accept", "application/json").retrieve().body(String.class);
    awaitReported(before + 1);
    String html = client().get().uri("/me").header("Accept", "text/html").retrieve().body(String.class);

    assertThat(json).contains("public");
    assertThat(html).contains("never cached");
  }

  @Test
  void controllersSharingAnInheritedMethodKeepTheirOwnAnnotation() {
    long before = reported();
    get("/public/page");
    awaitReported(before + 1);
    assertThat(get("/public/page")).isEqualTo("PublicPages render 1");

    get("/account/page");
    awaitReported(before + 2);
    assertThat(get("/account/page")).isEqualTo("AccountPages render 2");
  }

  @Test
  void metersFollowTheCache() {
    long before = reported();
    get("/api/articles/99");
    awaitReported(before + 1);
    get("/api/articles/99");

    assertThat(meters.get("surge.cache.requests").tag("result", "hit").functionCounter().count())
        .isEqualTo(cache.stats().hits()).isPositive();
    assertThat(meters.get("surge.cache.entries").gauge().value()).isEqualTo(cache.stats().entries());
    assertThat(meters.get("surge.cache.bytes").gauge().value()).isPositive();
  }
}
