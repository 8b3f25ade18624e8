package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.RevalidationRoutes.Mode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Revalidation (RFC 9111 §4.3) through a real adapter: a stale entry is passed to the application with its
 * validators, a {@code 304} serves the stored body with the 304's fields and no render, the client sees only
 * the conditional fields it sent, and failures release the requests that waited.
 */
public interface RevalidationSuite extends ContractSuite {

  private RevalidationRoutes routes() {
    return app().revalidation();
  }

  private HttpCache serveWithStatus() throws Exception {
    return serve(builder -> builder.cacheStatusHeader(true));
  }

  /** Has {@code page} rendered and stored, then moves the clock past its freshness. */
  private void storeAndStale(String page) throws Exception {
    get(page);
    awaitStores(1);
    clock().advance(Duration.ofSeconds(11));
  }

  @Test
  default void aStaleEntryIsRevalidatedAndThe304ServesTheStoredBodyWithItsFieldsAndNoRender() throws Exception {
    HttpCache cache = serveWithStatus();
    String page = "/revalidate/etag";
    storeAndStale(page);

    HttpResponse<byte[]> revalidated = get(page);
    clock().advance(Duration.ofSeconds(5));
    HttpResponse<byte[]> hit = get(page);

    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(revalidated)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(revalidated.headers().firstValue("X-Answer")).hasValue("304 #1");
    assertThat(revalidated.headers().firstValue("Cache-Status")).hasValue("Surge; fwd=stale; fwd-status=304; ttl=10");
    assertThat(revalidated.headers().firstValue("Age")).hasValue("0");
    assertThat(AdapterContract.text(hit)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(hit.headers().firstValue("X-Answer")).as("the 304's fields replaced the stored ones").hasValue("304 #1");
    assertThat(hit.headers().firstValue("Age")).hasValue("5");
    assertThat(routes().validatorsSeen()).containsExactly("- | -", "\"r1\" | -");
    assertThat(routes().fullRenders()).isEqualTo(1);
    assertThat(cache.stats().revalidated()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  default void lastModifiedAloneRevalidatesWithIfModifiedSince() throws Exception {
    serve();
    String page = "/revalidate/last-modified";
    storeAndStale(page);

    HttpResponse<byte[]> revalidated = get(page);

    assertThat(AdapterContract.text(revalidated)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(routes().validatorsSeen()).containsExactly("- | -", "- | Fri, 02 Jan 2026 00:00:00 GMT");
    assertThat(routes().fullRenders()).isEqualTo(1);
  }

  @Test
  default void aChangedPageIsSentInFullAndReplacesTheEntry() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().publish();

    HttpResponse<byte[]> changed = get(page);
    awaitStores(2);
    HttpResponse<byte[]> hit = get(page);

    assertThat(AdapterContract.text(changed)).isEqualTo("page " + page + " version 2 render 2");
    assertThat(changed.headers().firstValue("ETag")).hasValue("\"r2\"");
    assertThat(AdapterContract.text(hit)).isEqualTo("page " + page + " version 2 render 2");
    assertThat(cache.stats().revalidated()).isZero();
  }

  @Test
  default void aClientThatSentTheStoredTagGetsItsOwn304AndOneWithAnotherTagIsPassedOnAsItIs() throws Exception {
    serve();
    String page = "/revalidate/etag";
    storeAndStale(page);

    HttpResponse<byte[]> ownTag = get(page, "If-None-Match", "\"r1\"");
    clock().advance(Duration.ofSeconds(11));
    HttpResponse<byte[]> olderTag = get(page, "If-None-Match", "\"r0\"");

    assertThat(ownTag.statusCode()).isEqualTo(304);
    assertThat(ownTag.body()).isEmpty();
    assertThat(olderTag.statusCode()).isEqualTo(200);
    assertThat(AdapterContract.text(olderTag)).isEqualTo("page " + page + " version 1 render 2");
    assertThat(routes().validatorsSeen()).containsExactly("- | -", "\"r1\" | -", "\"r0\" | -");
  }

  @Test
  default void aClientHoldingANewerVersionThanTheCacheGetsItsOwn304FromTheApplication() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().publish();

    HttpResponse<byte[]> newer = get(page, "If-None-Match", "\"r2\"");

    assertThat(newer.statusCode()).isEqualTo(304);
    assertThat(newer.headers().firstValue("ETag")).hasValue("\"r2\"");
    assertThat(routes().validatorsSeen()).containsExactly("- | -", "\"r2\" | -");
    assertThat(cache.stats().revalidated()).isZero();
  }

  @Test
  default void noCacheIsStoredButNeverServedWithoutA304First() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/no-cache";
    get(page);
    awaitStores(1);

    HttpResponse<byte[]> second = get(page);
    HttpResponse<byte[]> third = get(page);
    routes().publish();
    HttpResponse<byte[]> afterChange = get(page);

    assertThat(AdapterContract.text(second)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(AdapterContract.text(third)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(routes().notModifiedAnswers()).as("each use asked the application").isEqualTo(2);
    assertThat(AdapterContract.text(afterChange)).isEqualTo("page " + page + " version 2 render 2");
    assertThat(cache.stats().hits()).isZero();
  }

  @Test
  default void a304ForAnotherRepresentationIsRelayedAsItIsAndChangesNothing() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().answerNext(Mode.OTHER_TAG);

    HttpResponse<byte[]> relayed = get(page);
    routes().answerNext(Mode.ANSWER);
    HttpResponse<byte[]> next = get(page);

    assertThat(relayed.statusCode()).isEqualTo(304);
    assertThat(relayed.headers().firstValue("ETag")).hasValue("\"other\"");
    assertThat(AdapterContract.text(next)).as("still the stored entry, revalidated again")
        .isEqualTo("page " + page + " version 1 render 1");
    assertThat(cache.stats().revalidated()).isEqualTo(1);
  }

  @Test
  default void a304ForAPageTheCacheDoesNotHoldIsRelayedAndNothingIsStored() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";

    HttpResponse<byte[]> relayed = get(page, "If-None-Match", "\"r1\"");
    awaitEveryMissReported();

    assertThat(relayed.statusCode()).isEqualTo(304);
    assertThat(relayed.headers().firstValue("X-Answer")).hasValue("304 #1");
    assertThat(routes().validatorsSeen()).containsExactly("\"r1\" | -");
    assertThat(cache.stats().stores()).isZero();
    assertThat(cache.stats().revalidated()).isZero();
  }

  @Test
  default void aRevalidationAnsweredWithAnErrorIsSentAndCountedAndTheEntryStaysToBeAskedAgain() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().answerNext(Mode.UNAVAILABLE);

    HttpResponse<byte[]> failed = get(page);
    routes().answerNext(Mode.THROW);
    HttpResponse<byte[]> thrown = get(page);
    routes().answerNext(Mode.ANSWER);
    HttpResponse<byte[]> recovered = get(page);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(thrown.statusCode()).isEqualTo(500);
    assertThat(AdapterContract.text(recovered)).isEqualTo("page " + page + " version 1 render 1");
    AdapterContract.eventually(() -> assertThat(cache.stats().revalidationFailed()).isEqualTo(2));
  }

  @Test
  default void concurrentRequestsWaitForTheOneRevalidation() throws Exception {
    HttpCache cache = serve();
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().holdNext();

    CompletableFuture<HttpResponse<byte[]>> leader = getElsewhere(page);
    assertThat(routes().awaitHeld(30)).isTrue();
    CompletableFuture<HttpResponse<byte[]>> waiter = getElsewhere(page);
    AdapterContract.eventually(() -> assertThat(cache.stats().coalescedWaits()).isEqualTo(1));
    routes().release(Mode.ANSWER);

    assertThat(AdapterContract.text(leader.get(30, TimeUnit.SECONDS))).isEqualTo("page " + page + " version 1 render 1");
    assertThat(AdapterContract.text(waiter.get(30, TimeUnit.SECONDS))).isEqualTo("page " + page + " version 1 render 1");
    assertThat(routes().notModifiedAnswers()).isEqualTo(1);
    assertThat(cache.stats().revalidated()).isEqualTo(1);
  }

  @Test
  default void aRevalidationThatOutlastsTheWaitReleasesItsWaitersToRevalidateThemselves() throws Exception {
    HttpCache cache = serve(builder -> builder.coalescingTimeout(Duration.ofMillis(200)));
    String page = "/revalidate/etag";
    storeAndStale(page);
    routes().holdNext();

    CompletableFuture<HttpResponse<byte[]>> leader = getElsewhere(page);
    assertThat(routes().awaitHeld(30)).isTrue();
    HttpResponse<byte[]> waiter = get(page);
    routes().release(Mode.ANSWER);

    // answered while the leader was still held: it waited at most the bound (or found the leader past it)
    assertThat(AdapterContract.text(waiter)).isEqualTo("page " + page + " version 1 render 1");
    assertThat(AdapterContract.text(leader.get(30, TimeUnit.SECONDS))).isEqualTo("page " + page + " version 1 render 1");
    AdapterContract.eventually(() -> assertThat(cache.stats().revalidated()).isEqualTo(2));
  }
}
