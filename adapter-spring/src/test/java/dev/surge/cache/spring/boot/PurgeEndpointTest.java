package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.spring.CacheResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The actuator's purge ({@code DELETE /actuator/surgecache}) over real HTTP. */
class PurgeEndpointTest {

  /** Cached articles that say how often they rendered. */
  @RestController
  static class Articles {
    private final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/articles/{id}")
    @CacheResponse(ttl = "5m")
    String article(@PathVariable String id) {
      return "article " + id + " render " + renders.incrementAndGet();
    }

    @GetMapping("/articles/{id}/comments")
    @CacheResponse(ttl = "5m")
    String comments(@PathVariable String id) {
      return "comments on " + id + " render " + renders.incrementAndGet();
    }
  }

  @BootAppWithoutSecurity
  @Import(Articles.class)
  static class ArticlesApplication {}

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static RunningApplication app;
  private static URI base;

  @BeforeAll
  static void start() {
    app = RunningApplication.start(ArticlesApplication.class, "management.endpoints.web.exposure.include=surgecache");
    base = URI.create("http://127.0.0.1:" + app.context().getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> purge(String query) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(base.resolve("/actuator/surgecache" + query))
        .timeout(Duration.ofSeconds(20)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cached(String path) throws Exception {
    long settled = app.settled();
    String first = app.get(path).body();
    app.awaitSettledBeyond(settled);
    assertThat(app.get(path).body()).isEqualTo(first);
    return first;
  }

  /** The page at {@code path} asked for by the name {@code localhost}: another host in the cache's keys. */
  private static String viaLocalhost(String path) throws Exception {
    URI localhost = URI.create("http://localhost:" + base.getPort() + path);
    return CLIENT.send(HttpRequest.newBuilder(localhost).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String cachedViaLocalhost(String path) throws Exception {
    long settled = app.settled();
    String first = viaLocalhost(path);
    app.awaitSettledBeyond(settled);
    assertThat(viaLocalhost(path)).isEqualTo(first);
    return first;
  }

  @Test
  void barePathPurgesThatPathOnEveryHostAndNothingLongerOrWithAQuery() throws Exception {
    String onIp = cached("/articles/8");
    String onName = cachedViaLocalhost("/articles/8");
    String withQuery = cached("/articles/8?x=1");
    String longer = cached("/articles/8/comments");
    String similar = cached("/articles/80");

    HttpResponse<String> purged = purge("?uri=/articles/8");

    assertThat(purged.statusCode()).isEqualTo(200);
    JsonNode body = JsonMapper.shared().readTree(purged.body());
    assertThat(body.get("purged").asLong()).isEqualTo(2);
    assertThat(body.get("uri").asString()).isEqualTo("/articles/8");
    assertThat(body.get("scope").asString()).contains("every host");
    assertThat(app.get("/articles/8").body()).isNotEqualTo(onIp).startsWith("article 8 render ");
    assertThat(viaLocalhost("/articles/8")).isNotEqualTo(onName).startsWith("article 8 render ");
    assertThat(app.get("/articles/8?x=1").body()).isEqualTo(withQuery);
    assertThat(app.get("/articles/8/comments").body()).isEqualTo(longer);
    assertThat(app.get("/articles/80").body()).isEqualTo(similar);
  }

  @Test
  void pathWithAQueryPurgesOnlyThatQuery() throws Exception {
    String withQuery = cached("/articles/9?x=1");
    String plain = cached("/articles/9");

    HttpResponse<String> purged = purge("?uri=" + URLEncoder.encode("/articles/9?x=1", StandardCharsets.UTF_8));

    assertThat(purged.statusCode()).isEqualTo(200);
    assertThat(JsonMapper.shared().readTree(purged.body()).get("purged").asLong()).isEqualTo(1);
    assertThat(app.get("/articles/9?x=1").body()).isNotEqualTo(withQuery).startsWith("article 9 render ");
    assertThat(app.get("/articles/9").body()).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"articles/7", "//www.example.com/articles/7", "/articles/7%23top#frag", "ftp://example.com/a"})
  void aUriThatIsNeitherFormIsRefusedNamingBoth(String uri) throws Exception {
    HttpResponse<String> refused = purge("?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JsonMapper.shared().readTree(refused.body()).get("message").asString())
        .contains("absolute http or https URL").contains("path starting with /").contains(uri);
  }

  @Test
  void fullUrlPurgesTheEntrySoTheNextRequestRendersAgain() throws Exception {
    String first = cached("/articles/7");

    HttpResponse<String> purged =
        purge("?uri=" + URLEncoder.encode(base.resolve("/articles/7").toString(), StandardCharsets.UTF_8));

    assertThat(purged.statusCode()).isEqualTo(200);
    assertThat(JsonMapper.shared().readTree(purged.body()).get("purged").asLong()).isEqualTo(1);
    assertThat(app.get("/articles/7").body()).isNotEqualTo(first).startsWith("article 7 render ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "?uri=ftp://example.com/a       | uri",
      "?uri=http://                   | uri",
      "?prefix=articles               | prefix",
      "?all=false                     | all",
      "?tag=a&prefix=/b               | exactly one of uri, prefix, tag or all=true",
      "''                             | exactly one of uri, prefix, tag or all=true"})
  void everyRefusalSaysWhyInItsBody(String query, String named) throws Exception {
    HttpResponse<String> refused = purge(query);

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode body = JsonMapper.shared().readTree(refused.body());
    assertThat(body.get("message").asString()).contains(named);
  }
}
