package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.BypassReason;
import dev.surge.cache.HttpCache;
import dev.surge.cache.StoreRules;
import dev.surge.cache.contract.MutableClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StoreRules} handed to the filter through {@link HttpCacheFilter#RULES_ATTRIBUTE} by code inside the
 * chain (here the servlet itself, standing in for a framework interceptor), on embedded Jetty.
 */
class StoreRulesAttributeTest {

  private final RulesServlet servlet = new RulesServlet();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final JettyContainer container = new JettyContainer();
  private HttpCache cache;
  private URI base;

  @AfterEach
  void stop() throws Exception {
    container.stop();
  }

  private void serve(Function<HttpCache, HttpCacheFilter> filter) throws Exception {
    cache = HttpCache.builder().clock(MutableClock.standingStill()).build();
    base = container.start(filter.apply(cache), servlet);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** Asks twice, waiting for the first response to be reported, and returns how often the page rendered. */
  private int rendersOfTwo(String path) throws Exception {
    long reported = reportedResponses();
    assertThat(get(path)).isEqualTo("page " + path);
    await().atMost(Duration.ofSeconds(30)).until(() -> reportedResponses() > reported);
    assertThat(get(path)).isEqualTo("page " + path);
    return servlet.renders(path);
  }

  private long reportedResponses() {
    return cache.stats().stores() + cache.stats().totalRejections() + cache.stats().totalBypasses();
  }

  @Test
  void selectiveFilterStoresOnlyMarkedResponses() throws Exception {
    serve(HttpCacheFilter::storingOnlyMarkedResponses);

    assertThat(rendersOfTwo("/marked")).isEqualTo(1);
    assertThat(rendersOfTwo("/unmarked")).isEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().bypasses(BypassReason.NOT_CACHEABLE)).isEqualTo(2);
    assertThat(cache.stats().totalRejections()).isZero();
  }

  @Test
  void rulesSetAfterTheBodyWasWrittenStoreNothing() throws Exception {
    serve(HttpCacheFilter::storingOnlyMarkedResponses);

    assertThat(rendersOfTwo("/marked-late")).isEqualTo(2);
  }

  @Test
  void plainFilterStoresUnmarkedResponsesByItsPolicyAndHonoursNever() throws Exception {
    serve(HttpCacheFilter::new);

    assertThat(rendersOfTwo("/unmarked")).isEqualTo(1);
    assertThat(rendersOfTwo("/never")).isEqualTo(2);
  }

  @Test
  void tagsFromTheRulesPurgeTheEntry() throws Exception {
    serve(HttpCacheFilter::storingOnlyMarkedResponses);
    assertThat(rendersOfTwo("/marked")).isEqualTo(1);

    assertThat(cache.invalidateTag("from-rules")).isEqualTo(1);
    get("/marked");
    assertThat(servlet.renders("/marked")).isEqualTo(2);
  }

  /** Renders {@code "page " + path}, marking it as its path says, and counts renders per path. */
  private static final class RulesServlet extends HttpServlet {
    private final transient ConcurrentMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();

    int renders(String path) {
      AtomicInteger count = renders.get(path);
      return count == null ? 0 : count.get();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = request.getRequestURI();
      renders.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
      StoreRules marked = StoreRules.defaults().withTtl(Duration.ofMinutes(1)).withTags(Set.of("from-rules"));
      switch (path) {
        case "/marked" -> request.setAttribute(HttpCacheFilter.RULES_ATTRIBUTE, marked);
        case "/never" -> request.setAttribute(HttpCacheFilter.RULES_ATTRIBUTE, StoreRules.never());
        default -> { }
      }
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("page " + path);
      response.flushBuffer();
      if (path.equals("/marked-late")) {
        request.setAttribute(HttpCacheFilter.RULES_ATTRIBUTE, marked);
      }
    }
  }
}
