package dev.surge.cache.spring.boot.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With Spring Security on, a page behind login that Surge holds is never served to an anonymous client or to
 * a user who may not see it, because the filter runs after authentication. Start-up refuses a filter order
 * before Spring Security's chain; the last test overrides that refusal and shows the same requests then get
 * the page: the order is the defence.
 */
class FilterOrderSecurityTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private ConfigurableApplicationContext context;
  private URI base;

  @AfterEach
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private void start(String... properties) {
    context = new SpringApplicationBuilder(SecureApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
    base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (user != null) {
      String credentials = user + ":" + user + "-password";
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Alice renders the page and Surge stores it. */
  private void aliceCaches(String path) throws Exception {
    HttpCache cache = context.getBean(HttpCache.class);
    long stores = cache.stats().stores();
    HttpResponse<String> alice = get(path, "alice");
    assertThat(alice.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().stores() > stores);
  }

  @Test
  void storedAdminPageIsRefusedToAnonymousClientsAndToOtherUsers() throws Exception {
    start();
    aliceCaches("/admin/report");

    HttpResponse<String> anonymous = get("/admin/report", null);
    HttpResponse<String> bob = get("/admin/report", "bob");
    HttpResponse<String> aliceAgain = get("/admin/report", "alice");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("admin report");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).doesNotContain("admin report");
    assertThat(aliceAgain.body()).isEqualTo("admin report, render 1");
  }

  @Test
  void storedMembersPageIsRefusedToAnonymousClients() throws Exception {
    start();
    aliceCaches("/members/news");

    HttpResponse<String> anonymous = get("/members/news", null);
    HttpResponse<String> bob = get("/members/news", "bob");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("news");
    assertThat(bob.body()).isEqualTo("members' news, render 1");
  }

  @Test
  void startUpFailsWhenTheFilterIsOrderedBeforeSpringSecurity() {
    assertThatThrownBy(() -> start("surge.cache.filter-order=-200"))
        .hasMessageContaining("'springSecurityFilterChain'")
        .hasMessageContaining("order -100")
        .hasMessageContaining("surge.cache.filter-order");
  }

  @Test
  void filterOrderedBeforeAuthenticationWouldServeThePageToEveryone() throws Exception {
    start("surge.cache.filter-order=-200", "surge.cache.filters-skipped-on-hits=springSecurityFilterChain");
    aliceCaches("/admin/report");

    assertThat(get("/admin/report", null).body()).isEqualTo("admin report, render 1");
    assertThat(get("/admin/report", "bob").body()).isEqualTo("admin report, render 1");
  }
}
