package dev.surge.cache;

import static dev.surge.cache.StepDriving.next;
import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Serving stale entries: the windows the policy gives an entry, and what the step serves inside them. */
class StaleServingTest {

  private static final String WHILE_REVALIDATING = "max-age=10, stale-while-revalidate=30";
  private static final String IF_ERROR = "max-age=10, stale-if-error=60";

  private final MutableClock clock = MutableClock.standingStill();

  private HttpCache cache(UnaryOperator<HttpCache.Builder> options) {
    return options.apply(HttpCache.builder().clock(clock)).build();
  }

  private static CapturedResponse page(int status, String body, String cacheControl) {
    return CapturedResponse.builder()
        .status(status)
        .header("Cache-Control", cacheControl)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static CachedResponse answer(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Answer.class);
    return ((Answer) outcome).response();
  }

  private static String text(CachedResponse response) {
    return new String(response.bodyBytes(), StandardCharsets.UTF_8);
  }

  /** Stores {@code body} for GET /a with {@code cacheControl}. */
  private static void store(PipelineStep step, String body, String cacheControl) {
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page(200, body, cacheControl));
  }

  // ---------------------------------------------------------------------------------------------------------
  // the windows an entry gets

  @ParameterizedTest(name = "{0} with defaults {1}/{2} -> {3}/{4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max-age=10, stale-while-revalidate=30, stale-if-error=60 | 0 | 0 | 30 | 60",
        "max-age=10 | 5 | 7 | 5 | 7",
        "max-age=10, stale-if-error=2 | 5 | 7 | 5 | 2",
        "max-age=10, must-revalidate, stale-while-revalidate=30 | 5 | 7 | 0 | 0",
        "max-age=10, proxy-revalidate, stale-if-error=60 | 5 | 7 | 0 | 0",
        "s-maxage=10 | 5 | 7 | 0 | 0",
        "s-maxage=10, stale-while-revalidate=30 | 5 | 7 | 30 | 0",
        "max-age=3590, stale-while-revalidate=600, stale-if-error=5 | 0 | 0 | 10 | 5",
      })
  void entriesGetTheirOwnStaleWindowsElseTheDefaultsWithinTheMaximumTtl(
      String cacheControl, long whileRevalidating, long ifError, long expectedWhile, long expectedIfError) {
    CachePolicy policy =
        HttpCache.builder()
            .staleWhileRevalidate(Duration.ofSeconds(whileRevalidating))
            .staleIfError(Duration.ofSeconds(ifError))
            .build()
            .policy();

    StoreDecision decision =
        policy.onResponse(Instant.EPOCH, TestRequests.get("/a").build(), page(200, "x", cacheControl));

    CachedResponse entry = ((StoreDecision.Store) decision).entry();
    assertThat(entry.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(expectedWhile));
    assertThat(entry.staleIfError()).isEqualTo(Duration.ofSeconds(expectedIfError));
  }

  @Test
  void theStoreKeepsAnEntryUntilItsLongerStaleWindowEnds() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, "one", IF_ERROR);

    clock.advance(Duration.ofSeconds(69));
    PipelineStep.Exchange inside = proceed(step.before(TestRequests.get("/a").build()));
    assertThat(inside.staleIfError(503)).isPresent();
    step.failed(inside, new IllegalStateException("render threw"));
    clock.advance(Duration.ofSeconds(1));
    PipelineStep.Exchange past = proceed(step.before(TestRequests.get("/a").build()));

    assertThat(past.staleIfError(503)).isEmpty();
  }

  @Test
  void anExchangeTellsWhetherItHoldsAStaleCopySoAdaptersPrepareOnlyThen() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange first = proceed(step.before(TestRequests.get("/a").build()));
    assertThat(first.hasStaleCopy()).as("nothing stored yet").isFalse();
    step.completed(first, CapturedResponse.builder().status(200).header("Cache-Control", IF_ERROR)
        .body("one".getBytes(StandardCharsets.UTF_8)).build());

    clock.advance(Duration.ofSeconds(11));
    assertThat(proceed(step.before(TestRequests.get("/a").build())).hasStaleCopy()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------------------
  // stale-while-revalidate

  @Test
  void insideTheWindowOneRequestRefreshesWhileTheOthersGetTheStaleEntry() {
    HttpCache cache = cache(options -> options.cacheStatusHeader(true));
    PipelineStep step = cache.step();
    store(step, "one", WHILE_REVALIDATING);
    clock.advance(Duration.ofSeconds(15));

    PipelineStep.Exchange refresher = proceed(step.before(TestRequests.get("/a").build()));
    CachedResponse stale = answer(step.before(TestRequests.get("/a").build()));
    CachedResponse staleHead = answer(step.before(TestRequests.head("/a").build()));
    step.completed(refresher, page(200, "two", WHILE_REVALIDATING));
    CachedResponse fresh = answer(step.before(TestRequests.get("/a").build()));

    assertThat(refresher.extraHeaders().first("Cache-Status")).hasValue("Surge; fwd=stale");
    assertThat(text(stale)).isEqualTo("one");
    assertThat(stale.headers().first("Age")).hasValue("15");
    assertThat(stale.headers().first("Cache-Status")).hasValue("Surge; hit; ttl=-5; detail=stale-while-revalidate");
    assertThat(staleHead.bodyLength()).isZero();
    assertThat(text(fresh)).isEqualTo("two");
    assertThat(cache.stats().staleWhileRevalidating()).isEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(2);
  }

  @Test
  void aFailedRefreshLetsTheNextRequestRefresh() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, "one", WHILE_REVALIDATING);
    clock.advance(Duration.ofSeconds(15));

    PipelineStep.Exchange refresher = proceed(step.before(TestRequests.get("/a").build()));
    step.failed(refresher, new IllegalStateException("render threw"));

    proceed(step.before(TestRequests.get("/a").build()));
  }

  @Test
  void withCoalescingOffEveryRequestFindingAStaleEntryRenders() {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ZERO));
    PipelineStep step = cache.step();
    store(step, "one", WHILE_REVALIDATING);
    clock.advance(Duration.ofSeconds(15));

    proceed(step.before(TestRequests.get("/a").build()));
    proceed(step.before(TestRequests.get("/a").build()));

    assertThat(cache.stats().staleWhileRevalidating()).isZero();
  }

  @Test
  void pastTheWindowTheRequestRendersAndOthersWaitForIt() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, "one", WHILE_REVALIDATING);
    clock.advance(Duration.ofSeconds(40));

    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.completed(leader, page(200, "two", WHILE_REVALIDATING));

    assertThat(text(answer(next(waiting)))).isEqualTo("two");
  }

  @Test
  void aRequestWithCredentialsIsNeverServedAStaleEntryThatIsNotPublic() {
    PipelineStep step = cache(options -> options.staleIfError(Duration.ofMinutes(1))).step();
    store(step, "anonymous page", WHILE_REVALIDATING);
    clock.advance(Duration.ofSeconds(15));

    PipelineStep.Exchange own =
        proceed(step.before(TestRequests.get("/a").header("Authorization", "Bearer abcdefgh").build()));

    assertThat(own.staleIfError(503)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------
  // stale-if-error

  @Test
  void theRenderOfAStaleEntryIsOfferedItInPlaceOfAnErrorStatusOnly() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/a").build()));
    clock.advance(Duration.ofSeconds(2));

    Optional<CachedResponse> instead = render.staleIfError(503);
    assertThat(instead).isPresent();
    assertThat(text(instead.get())).isEqualTo("one");
    assertThat(instead.get().headers().first("Age")).hasValue("22");
    for (int status : new int[] {200, 404, 501, 505}) {
      assertThat(render.staleIfError(status)).as("status %s", status).isEmpty();
    }
    assertThat(cache.stats().staleIfError()).isEqualTo(1);
  }

  @Test
  void aPagePurgedWhileItRendersIsNotServedStaleInsteadOfItsError() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/a").build()));
    cache.invalidatePathPrefix("/");

    assertThat(render.staleIfError(503)).isEmpty();
  }

  @Test
  void anErrorIsNeverStoredAndTheStaleEntryStays() {
    HttpCache cache = cache(options -> options.cacheableStatuses(java.util.Set.of(200, 503)));
    PipelineStep step = cache.step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/a").build()));
    render.staleIfError(503).orElseThrow();
    step.failed(render, new IllegalStateException("answered 503; a stale copy was sent instead"));

    assertThat(proceed(step.before(TestRequests.get("/a").build())).staleIfError(500)).isPresent();
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  @Test
  void waitersOfARenderAnsweringAnErrorAreServedTheStaleEntry() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.completed(leader, page(502, "bad gateway", "no-store"));

    assertThat(text(answer(next(waiting)))).isEqualTo("one");
    assertThat(cache.stats().staleIfError()).isEqualTo(1);
  }

  @Test
  void waitersOfARenderThatThrewAreServedTheStaleEntry() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.failed(leader, new IllegalStateException("render threw"));

    assertThat(text(answer(next(waiting)))).isEqualTo("one");
  }

  @Test
  void waitersOfARenderThatRunsOutOfTimeAreServedTheStaleEntry() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ofMillis(50)));
    PipelineStep step = cache.step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));
    proceed(step.before(TestRequests.get("/a").build()));

    assertThat(text(answer(next(step.before(TestRequests.get("/a").build()))))).isEqualTo("one");
    assertThat(cache.stats().coalescingTimeouts()).isEqualTo(1);
  }

  @Test
  void waitersOfASuccessfulRenderThatWasNotStoredRenderThemselves() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, "one", IF_ERROR);
    clock.advance(Duration.ofSeconds(20));

    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.completed(leader, page(200, "personal", "private"));

    assertThat(next(waiting)).isInstanceOf(Proceed.class);
  }
}
