package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The demo's cache holds the whole default wiki: were its store to pass its full mark, the admission filter
 * would turn pages asked for once away, and the demo would show pages rendered twice that coalescing did not
 * cause (seen with the default 64 MB store, which the 3,000 rendered pages fill past seven eighths).
 */
class DemoCacheTest {

  private static final int PAGES = 3000;

  @Test
  void everyPageOfTheDefaultWikiIsStoredOnItsFirstRenderAndServedFromTheCacheAfter() throws Exception {
    WikiSite site = new WikiSite(PAGES, 7);
    HttpCache cache = SurgeDemo.demoCache(PAGES);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (VertxWikiServer server = new VertxWikiServer(site, Optional.of(cache))) {
      URI base = server.start(0);

      assertThat(askForEveryPage(client, base)).containsOnly(200);
      // a render is stored or refused once its response has ended, which may be after the client read it
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(settled(cache.stats())).as("renders stored or refused").isEqualTo(PAGES));
      assertThat(cache.stats().totalRejections()).as("renders not stored").isZero();
      assertThat(cache.stats().stores()).isEqualTo(PAGES);
      assertThat(site.renders()).isEqualTo(PAGES);

      assertThat(askForEveryPage(client, base)).containsOnly(200);
      assertThat(site.renders()).as("renders after every page was asked for twice").isEqualTo(PAGES);
      assertThat(cache.stats().hits()).isEqualTo(PAGES);
    }
  }

  /** Renders whose fate is decided: stored or refused. */
  private static long settled(CacheStats stats) {
    return stats.stores() + stats.totalRejections();
  }

  /** Asks for every page once, eight requests in flight at a time; returns the statuses. */
  private static List<Integer> askForEveryPage(HttpClient client, URI base) {
    Semaphore inFlight = new Semaphore(8);
    List<CompletableFuture<Integer>> statuses = IntStream.range(0, PAGES).mapToObj(page -> {
      inFlight.acquireUninterruptibly();
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(WikiSite.PREFIX + page)).timeout(Duration.ofSeconds(30)).build();
      return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(HttpResponse::statusCode)
          .whenComplete((status, failure) -> inFlight.release());
    }).toList();
    return statuses.stream().map(CompletableFuture::join).toList();
  }
}
