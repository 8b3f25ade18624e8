package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.MutableClock;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the servlet filter replaces an error with a stale copy ({@code stale-if-error}) for each way a servlet
 * can produce the error, on embedded Jetty and Tomcat: only while nothing of the error has been sent, and
 * keeping the headers a filter in front of Surge set (neither lost nor repeated).
 */
class StaleIfErrorServletTest {

  private final FailingServlet servlet = new FailingServlet();
  private final MutableClock clock = MutableClock.standingStill();
  private final HttpClient client = HttpClient.newHttpClient();
  private EmbeddedContainer container;
  private HttpCache cache;
  private URI base;

  static Stream<Arguments> failures() {
    return Stream.of(new JettyContainer(), new TomcatContainer())
        .flatMap(container -> Stream.of(Failure.values()).map(failure -> Arguments.of(container, failure)));
  }

  @AfterEach
  void stop() throws Exception {
    container.stop();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failures")
  void anErrorNotYetSentIsReplacedByTheStaleCopy(EmbeddedContainer container, Failure failure) throws Exception {
    this.container = container;
    cache = HttpCache.builder().clock(clock).build();
    HttpCacheFilter surge = new HttpCacheFilter(cache);
    Filter securityHeaders = (request, response, chain) -> {
      ((HttpServletResponse) response).setHeader("X-Frame-Options", "DENY"); // set by a filter before Surge
      surge.doFilter(request, response, chain);
    };
    base = container.start(securityHeaders, servlet);
    get();
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().stores() == 1);
    assertThat(get().headers().allValues("X-Frame-Options")).as("a hit's headers replace the filter's").containsExactly("DENY");
    clock.advance(Duration.ofSeconds(20));
    servlet.next = failure;

    HttpResponse<String> response = get();

    if (failure.replaceable) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("page render 1");
      assertThat(response.headers().firstValue("Age")).hasValue("20");
      assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
      assertThat(cache.stats().staleIfError()).isEqualTo(1);
    } else {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(cache.stats().staleIfError()).isZero();
    }
    assertThat(servlet.renders.get()).isEqualTo(2);
  }

  private HttpResponse<String> get() throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve("/page")).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How the servlet's next render fails. */
  enum Failure {
    /** Status 503 and a small page written through the writer. */
    STATUS_WITH_WRITER(true),
    /** Status 503 and a small page written through the output stream. */
    STATUS_WITH_STREAM(true),
    /** {@code sendError(503)}. */
    SEND_ERROR(true),
    /** {@code sendError(503)}, then a flush the container must not act on. */
    SEND_ERROR_THEN_FLUSH(true),
    /** The servlet throws. */
    THROW(true),
    /** Status 503 and a page the servlet flushes to the client before it ends. */
    FLUSHED(false);

    final boolean replaceable;

    Failure(boolean replaceable) {
      this.replaceable = replaceable;
    }
  }

  /** Renders a page fresh for 10 s that may be served stale on error for 60 s, or fails as told. */
  static final class FailingServlet extends HttpServlet {
    final AtomicInteger renders = new AtomicInteger();
    volatile Failure next;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      int render = renders.incrementAndGet();
      if (next == null) {
        response.setHeader("Cache-Control", "max-age=10, stale-if-error=60");
        response.getWriter().write("page render " + render);
        return;
      }
      switch (next) {
        case STATUS_WITH_WRITER -> {
          response.setStatus(503);
          response.getWriter().write("down");
        }
        case STATUS_WITH_STREAM -> {
          response.setStatus(503);
          response.getOutputStream().write("down".getBytes());
        }
        case SEND_ERROR -> response.sendError(503);
        case SEND_ERROR_THEN_FLUSH -> {
          response.sendError(503);
          response.flushBuffer();
        }
        case THROW -> throw new IllegalStateException("render failed on purpose");
        case FLUSHED -> {
          response.setStatus(503);
          response.getWriter().write("down");
          response.flushBuffer();
        }
      }
    }
  }
}
