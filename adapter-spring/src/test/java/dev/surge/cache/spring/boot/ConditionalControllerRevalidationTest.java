package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.contract.MutableClock;
import dev.surge.cache.spring.CacheResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * A {@code @CacheResponse} controller that answers conditional requests the Spring way, with {@code
 * WebRequest.checkNotModified} or a {@code ResponseEntity} carrying an {@code eTag}, renders nothing when
 * Surge revalidates its stale page: the page is served from memory again, and rendered only once it changed.
 */
class ConditionalControllerRevalidationTest {

  private static final MutableClock CLOCK = MutableClock.standingStill();

  /** A page whose version is its validator; renders count the bodies actually made. */
  @RestController
  static class Articles {
    static volatile int version = 1;
    static final AtomicInteger checkedRenders = new AtomicInteger();
    static final AtomicInteger entityBodies = new AtomicInteger();

    @GetMapping("/articles/checked")
    @CacheResponse(ttl = "10s")
    String checked(WebRequest request) {
      if (request.checkNotModified("\"a" + version + "\"")) {
        return null;
      }
      checkedRenders.incrementAndGet();
      return "article version " + version;
    }

    @GetMapping("/articles/entity")
    @CacheResponse(ttl = "10s")
    ResponseEntity<Article> entity() {
      return ResponseEntity.ok().eTag("e" + version).body(new Article(version));
    }
  }

  /** A body that counts how many times it is written out. */
  record Article(int version) {
    public String getText() {
      Articles.entityBodies.incrementAndGet();
      return "article version " + version;
    }
  }

  @BootAppWithoutSecurity
  @Import(Articles.class)
  static class ArticlesApplication {
    @Bean
    SurgeCacheBuilderCustomizer movableClock() {
      return builder -> builder.clock(CLOCK);
    }
  }

  private static RunningApplication app;

  @BeforeAll
  static void start() {
    app = RunningApplication.start(ArticlesApplication.class);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void firstVersion() {
    Articles.version = 1;
  }

  @Test
  void checkNotModifiedRendersNothingWhenItsStalePageIsRevalidated() throws Exception {
    storeThenStale("/articles/checked");
    int rendersBefore = Articles.checkedRenders.get();

    HttpResponse<String> revalidated = revalidate("/articles/checked");
    Articles.version = 2;
    CLOCK.advance(Duration.ofSeconds(11));
    HttpResponse<String> changed = app.get("/articles/checked");

    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo("article version 1");
    assertThat(Articles.checkedRenders.get()).isEqualTo(rendersBefore + 1);
    assertThat(changed.body()).isEqualTo("article version 2");
  }

  @Test
  void theRevalidatedPageIsFreshForTheAnnotationsTtlAgain() throws Exception {
    storeThenStale("/articles/checked");
    revalidate("/articles/checked");
    long revalidated = app.cache().stats().revalidated();

    CLOCK.advance(Duration.ofSeconds(9));
    HttpResponse<String> fresh = app.get("/articles/checked");
    CLOCK.advance(Duration.ofSeconds(2)); // 11 s after the revalidation: stale again under ttl = "10s"
    HttpResponse<String> staleAgain = revalidate("/articles/checked");

    assertThat(fresh.body()).isEqualTo("article version 1");
    assertThat(staleAgain.body()).isEqualTo("article version 1");
    assertThat(app.cache().stats().revalidated()).isEqualTo(revalidated + 1);
  }

  @Test
  void aResponseEntityWithAnEtagWritesNoBodyWhenItsStalePageIsRevalidated() throws Exception {
    storeThenStale("/articles/entity");
    int bodiesBefore = Articles.entityBodies.get();

    HttpResponse<String> revalidated = revalidate("/articles/entity");

    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo("{\"version\":1,\"text\":\"article version 1\"}");
    assertThat(revalidated.headers().firstValue("ETag")).hasValue("\"e1\"");
    assertThat(Articles.entityBodies.get()).as("no body written for the 304").isEqualTo(bodiesBefore);
  }

  /** Has {@code path} rendered and stored, then moves the clock past its freshness. */
  private static void storeThenStale(String path) throws Exception {
    long settled = app.settled();
    assertThat(app.get(path).statusCode()).isEqualTo(200);
    app.awaitSettledBeyond(settled);
    CLOCK.advance(Duration.ofSeconds(11));
  }

  /** Asks for the stale {@code path} and waits until the cache counted its revalidation. */
  private static HttpResponse<String> revalidate(String path) throws Exception {
    long revalidated = app.cache().stats().revalidated();
    HttpResponse<String> response = app.get(path);
    await().atMost(Duration.ofSeconds(30)).until(() -> app.cache().stats().revalidated() > revalidated);
    return response;
  }
}
