package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.StaleRoutes.Mode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serving stale entries ({@code stale-while-revalidate}, {@code stale-if-error}) through a real adapter: what
 * the client gets, its {@code Age} and {@code Cache-Status}, and how many times the application ran.
 */
public interface StaleSuite extends ContractSuite {

  /** Serves with {@code Cache-Status} on, and the given defaults changed. */
  private HttpCache serveWithStatus(Duration staleIfError) throws Exception {
    return serve(builder -> builder.cacheStatusHeader(true).staleIfError(staleIfError));
  }

  /** Has {@code page} rendered and stored, then moves the clock on by {@code seconds}. */
  private void storeAndAge(String page, long seconds) throws Exception {
    get(page);
    awaitStores(1);
    clock().advance(Duration.ofSeconds(seconds));
  }

  @Test
  default void staleWhileRevalidateServesTheStaleEntryWhileOneRequestRefreshesIt() throws Exception {
    HttpCache cache = serveWithStatus(Duration.ZERO);
    String page = "/stale/while-revalidating";
    storeAndAge(page, 15);
    app().stale().renderNext(Mode.HELD);

    CompletableFuture<HttpResponse<byte[]>> refresher = getElsewhere(page);
    assertThat(app().stale().awaitHeldRender(30)).isTrue();
    HttpResponse<byte[]> stale = get(page);
    app().stale().release(Mode.NORMAL);
    HttpResponse<byte[]> refreshed = refresher.get(30, TimeUnit.SECONDS);
    awaitStores(2);
    HttpResponse<byte[]> fresh = get(page);

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(stale)).isEqualTo("page " + page + " render 1");
    assertThat(stale.headers().firstValue("Age")).hasValue("15");
    assertThat(stale.headers().firstValue("Cache-Status")).hasValue("Surge; hit; ttl=-5; detail=stale-while-revalidate");
    assertThat(AdapterContract.text(refreshed)).isEqualTo("page " + page + " render 2");
    assertThat(refreshed.headers().firstValue("Cache-Status")).hasValue("Surge; fwd=stale");
    assertThat(AdapterContract.text(fresh)).isEqualTo("page " + page + " render 2");
    assertThat(fresh.headers().firstValue("Age")).hasValue("0");
    assertThat(app().renders(page)).isEqualTo(2);
    assertThat(cache.stats().staleWhileRevalidating()).isEqualTo(1);
  }

  @Test
  default void staleWhileRevalidateEndsWithItsWindow() throws Exception {
    serveWithStatus(Duration.ZERO);
    String page = "/stale/while-revalidating";
    storeAndAge(page, 40);

    HttpResponse<byte[]> after = get(page);

    assertThat(AdapterContract.text(after)).isEqualTo("page " + page + " render 2");
    assertThat(after.headers().firstValue("Cache-Status")).hasValue("Surge; fwd=uri-miss");
  }

  @Test
  default void staleIfErrorServesTheStaleEntryInsteadOfAnErrorStatus() throws Exception {
    HttpCache cache = serveWithStatus(Duration.ZERO);
    String page = "/stale/if-error";
    storeAndAge(page, 20);
    app().stale().renderNext(Mode.UNAVAILABLE);

    HttpResponse<byte[]> instead = get(page);
    awaitEveryMissReported(); // else the next request waits for the failing render and is served stale too
    app().stale().renderNext(Mode.NORMAL);
    HttpResponse<byte[]> recovered = get(page);

    assertThat(instead.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(instead)).isEqualTo("page " + page + " render 1");
    assertThat(instead.headers().firstValue("Age")).hasValue("20");
    assertThat(instead.headers().firstValue("Cache-Status")).hasValue("Surge; hit; ttl=-10; detail=stale-if-error");
    assertThat(instead.headers().firstValue("Cache-Control")).hasValue("max-age=10, stale-if-error=60");
    assertThat(AdapterContract.text(recovered)).isEqualTo("page " + page + " render 3");
    assertThat(app().renders(page)).isEqualTo(3);
    assertThat(cache.stats().staleIfError()).isEqualTo(1);
    AdapterContract.eventually(() -> assertThat(cache.stats().stores()).isEqualTo(2));
  }

  @Test
  default void staleIfErrorServesTheStaleEntryWhenTheApplicationThrows() throws Exception {
    serveWithStatus(Duration.ZERO);
    String page = "/stale/if-error";
    storeAndAge(page, 20);
    app().stale().renderNext(Mode.THROW);

    HttpResponse<byte[]> instead = get(page);

    assertThat(instead.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(instead)).isEqualTo("page " + page + " render 1");
    assertThat(app().renders(page)).isEqualTo(2);
  }

  @Test
  default void waitersOfAFailingRenderAreServedTheStaleEntry() throws Exception {
    HttpCache cache = serveWithStatus(Duration.ZERO);
    String page = "/stale/if-error";
    storeAndAge(page, 20);
    app().stale().renderNext(Mode.HELD);

    CompletableFuture<HttpResponse<byte[]>> leader = getElsewhere(page);
    assertThat(app().stale().awaitHeldRender(30)).isTrue();
    CompletableFuture<HttpResponse<byte[]>> waiter = getElsewhere(page);
    AdapterContract.eventually(() -> assertThat(cache.stats().coalescedWaits()).isEqualTo(1));
    app().stale().release(Mode.UNAVAILABLE);

    for (HttpResponse<byte[]> response : new HttpResponse[] {leader.get(30, TimeUnit.SECONDS), waiter.get(30, TimeUnit.SECONDS)}) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(AdapterContract.text(response)).isEqualTo("page " + page + " render 1");
    }
    assertThat(app().renders(page)).isEqualTo(2);
    assertThat(cache.stats().staleIfError()).isEqualTo(2);
  }

  @Test
  default void theErrorGoesThroughOnceTheStaleIfErrorWindowHasPassed() throws Exception {
    serveWithStatus(Duration.ZERO);
    String page = "/stale/if-error";
    storeAndAge(page, 75);
    app().stale().renderNext(Mode.UNAVAILABLE);

    assertThat(get(page).statusCode()).isEqualTo(503);
  }

  @Test
  default void mustRevalidateForbidsServingStale() throws Exception {
    HttpCache cache = serveWithStatus(Duration.ofMinutes(1));
    String page = "/stale/must-revalidate";
    storeAndAge(page, 15);
    app().stale().renderNext(Mode.UNAVAILABLE);

    assertThat(get(page).statusCode()).isEqualTo(503);
    assertThat(cache.stats().staleIfError() + cache.stats().staleWhileRevalidating()).isZero();
  }

  @Test
  default void configuredStaleIfErrorCoversPagesWithoutTheirOwn() throws Exception {
    serveWithStatus(Duration.ofMinutes(1));
    String page = "/stale/plain";
    storeAndAge(page, 30);
    app().stale().renderNext(Mode.UNAVAILABLE);

    HttpResponse<byte[]> instead = get(page);

    assertThat(instead.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(instead)).isEqualTo("page " + page + " render 1");
    assertThat(instead.headers().firstValue("Age")).hasValue("30");
  }
}
