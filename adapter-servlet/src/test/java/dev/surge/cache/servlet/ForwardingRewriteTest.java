package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.BypassReason;
import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.MutableClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A container that applies forwarding headers itself (Tomcat's {@code RemoteIpValve}, Jetty's {@code
 * ForwardedRequestCustomizer}) changes the host, scheme and port the application sees before Surge's filter
 * runs. Surge never stores or serves a page rendered for a host its key does not name, unless the trusted-proxy
 * setting puts the forwarding headers in the key.
 */
class ForwardingRewriteTest {

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final LoginLink servlet = new LoginLink();
  private EmbeddedContainer container;
  private HttpCache cache;
  private URI base;

  static Stream<EmbeddedContainer> rewritingContainers() {
    return Stream.of(TomcatContainer.applyingForwardedHeaders(), JettyContainer.applyingForwardedHeaders());
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.stop();
    }
  }

  private void serve(EmbeddedContainer container, UnaryOperator<HttpCache.Builder> options) throws Exception {
    this.container = container;
    this.cache = options.apply(HttpCache.builder().clock(MutableClock.standingStill())).build();
    this.base = container.start(new HttpCacheFilter(cache), servlet);
  }

  private String get(String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/account")).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private long settled() {
    CacheStats stats = cache.stats();
    return stats.stores() + stats.totalRejections() + stats.totalBypasses();
  }

  private void awaitSettledBeyond(long count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> settled() > count);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rewritingContainers")
  void hostRewrittenFromAnIgnoredForwardingHeaderNeverReachesLaterVisitors(EmbeddedContainer container)
      throws Exception {
    serve(container, options -> options.ignoredRequestHeaders(Set.of("X-Forwarded-Host")));
    long settled = settled();
    String forwarded = get("X-Forwarded-Host", "evil.example");
    awaitSettledBeyond(settled);

    String plain = get();

    assertThat(forwarded).contains("http://evil.example");
    assertThat(plain).doesNotContain("evil.example").contains("http://127.0.0.1:" + base.getPort() + "/login");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rewritingContainers")
  void forwardedRequestsAreCachedPerValueWhenTheForwardingHeaderIsTrusted(EmbeddedContainer container)
      throws Exception {
    serve(container, options -> options.trustedForwardingHeaders(Set.of("X-Forwarded-Host")));
    long settled = settled();
    String first = get("X-Forwarded-Host", "shop.example");
    awaitSettledBeyond(settled);

    String second = get("X-Forwarded-Host", "shop.example");
    String plain = get();

    assertThat(first).startsWith("login at http://shop.example").endsWith("render 1");
    assertThat(second).isEqualTo(first);
    assertThat(plain).isEqualTo("login at http://127.0.0.1:" + base.getPort() + "/login, render 2");
    assertThat(cache.stats().bypasses(BypassReason.UNTRUSTED_FORWARDING)).isZero();
  }

  /** A page with an absolute link built from the host, scheme and port the servlet API reports. */
  static final class LoginLink extends HttpServlet {
    private final AtomicInteger renders = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String port = request.getServerPort() == (request.isSecure() ? 443 : 80) ? "" : ":" + request.getServerPort();
      response.setContentType("text/plain;charset=UTF-8");
      response.setHeader("Cache-Control", "max-age=60");
      response.getWriter().write("login at " + request.getScheme() + "://" + request.getServerName() + port
          + "/login, render " + renders.incrementAndGet());
    }
  }
}
