package dev.surge.cache;

import static dev.surge.cache.StepDriving.next;
import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Revalidation (RFC 9111 §4.3) through the step, as an adapter drives it: which entries are kept and asked
 * about, what the application is asked, and what a 304, another answer or a failure makes of the entry.
 */
class RevalidationTest {

  private static final String TAG = "\"v1\"";
  private static final String LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

  private final MutableClock clock = MutableClock.standingStill();

  private HttpCache cache(UnaryOperator<HttpCache.Builder> options) {
    return options.apply(HttpCache.builder().clock(clock).cacheStatusHeader(true)).build();
  }

  private static CacheRequest get() {
    return TestRequests.get("/a").build();
  }

  private static CapturedResponse page(String body, String... fields) {
    CapturedResponse.Builder page = CapturedResponse.builder().status(200);
    for (int i = 0; i < fields.length; i += 2) {
      page.header(fields[i], fields[i + 1]);
    }
    return page.body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static CapturedResponse notModified(String... fields) {
    CapturedResponse.Builder answer = CapturedResponse.builder().status(304);
    for (int i = 0; i < fields.length; i += 2) {
      answer.header(fields[i], fields[i + 1]);
    }
    return answer.build();
  }

  private static void store(PipelineStep step, CapturedResponse page) {
    step.completed(proceed(step.before(get())), page);
  }

  private static CachedResponse answer(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Answer.class);
    return ((Answer) outcome).response();
  }

  private static String text(CachedResponse response) {
    return new String(response.bodyBytes(), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------
  // a stale entry with validators

  @Test
  void aStaleEntryIsRevalidatedWithItsValidatorsAndA304ServesTheStoredBodyWithoutARender() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG, "Last-Modified", LAST_MODIFIED));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    CachedResponse served = revalidation.notModified(notModified("ETag", TAG, "Cache-Control", "max-age=30"))
        .orElseThrow();
    step.completed(revalidation, notModified("ETag", TAG, "Cache-Control", "max-age=30"));
    clock.advance(Duration.ofSeconds(29));
    CachedResponse hit = answer(step.before(get()));

    assertThat(revalidation.conditionalFields().all("If-None-Match")).containsExactly(TAG);
    assertThat(revalidation.conditionalFields().all("If-Modified-Since")).containsExactly(LAST_MODIFIED);
    assertThat(revalidation.extraHeaders().first("Cache-Status")).hasValue("Surge; fwd=stale");
    assertThat(served.status()).isEqualTo(200);
    assertThat(text(served)).isEqualTo("one");
    assertThat(served.headers().first("Cache-Status")).hasValue("Surge; fwd=stale; fwd-status=304; ttl=30");
    assertThat(served.headers().first("Age")).hasValue("0");
    assertThat(text(hit)).isEqualTo("one");
    assertThat(hit.headers().first("Cache-Control")).hasValue("max-age=30");
    assertThat(cache.stats().revalidated()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(2);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void theStoredFieldsAreReplacedByThe304sExceptThoseTheBodyAndVariantDependOn() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG, "X-Version", "a", "X-Version", "b",
        "Content-Type", "text/plain", "Vary", "Accept-Language", "X-Kept", "k"));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    CachedResponse served = revalidation.notModified(notModified("ETag", TAG, "Cache-Control", "max-age=60",
        "X-Version", "c", "Content-Type", "text/html", "Content-Length", "0", "Vary", "*",
        "Connection", "close", "Date", "Wed, 02 Dec 2026 10:00:00 GMT")).orElseThrow();

    ResponseHeaders fields = served.headers();
    assertThat(fields.all("X-Version")).containsExactly("c");
    assertThat(fields.all("Cache-Control")).containsExactly("max-age=60");
    assertThat(fields.all("X-Kept")).containsExactly("k");
    assertThat(fields.all("Content-Type")).containsExactly("text/plain");
    assertThat(fields.all("Content-Length")).containsExactly("3");
    assertThat(fields.all("Vary")).containsExactly("Accept-Language");
    assertThat(fields.all("Connection")).isEmpty();
    assertThat(fields.all("Date")).containsExactly("Wed, 02 Dec 2026 10:00:00 GMT");
  }

  @Test
  void aClientWhoseOwnTagsNameTheStoredOneRevalidatesWithThemAndGetsItsOwn304() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    CacheRequest ownTags = TestRequests.get("/a").header("If-None-Match", "\"v0\", " + TAG).build();
    PipelineStep.Exchange matching = proceed(step.before(ownTags));
    CachedResponse toMatching = matching.notModified(notModified("ETag", TAG)).orElseThrow();

    assertThat(matching.conditionalFields().all("If-None-Match")).containsExactly("\"v0\", " + TAG);
    assertThat(toMatching.status()).isEqualTo(304);
    assertThat(toMatching.bodyLength()).isZero();
  }

  @Test
  void aClientsOwn304ForAnotherOfItsTagsIsItsAnswerAndChangesNothing() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    CacheRequest ownTags = TestRequests.get("/a").header("If-None-Match", TAG + ", \"v2\"").build();
    PipelineStep.Exchange exchange = proceed(step.before(ownTags));

    assertThat(exchange.notModified(notModified("ETag", "\"v2\""))).as("relayed: the client holds v2").isEmpty();
    assertThat(exchange.notModified(notModified())).as("no ETag: which of its tags matched is unknown").isEmpty();
    assertThat(cache.stats().revalidated()).isZero();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "If-None-Match | \"v0\"",
      "If-None-Match | *",
      "If-None-Match | not a tag",
      "If-Modified-Since | Wed, 02 Dec 2026 10:00:00 GMT"})
  void aClientThatMayHoldANewerVersionThanTheCacheIsPassedOnAsItIs(String field, String value) {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG, "Last-Modified", LAST_MODIFIED));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange exchange = proceed(step.before(TestRequests.get("/a").header(field, value).build()));

    assertThat(exchange.conditionalFields().size()).as("not a revalidation").isZero();
    assertThat(exchange.capturesBody()).as("its full answer may still be stored").isTrue();
  }

  @Test
  void aClientWithAnOlderDateThanTheStoredOneIsAnsweredFromTheRevalidatedEntry() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "Last-Modified", LAST_MODIFIED));
    clock.advance(Duration.ofSeconds(11));

    CacheRequest older = TestRequests.get("/a").header("If-Modified-Since", "Mon, 30 Nov 2026 10:00:00 GMT").build();
    PipelineStep.Exchange exchange = proceed(step.before(older));
    CachedResponse served = exchange.notModified(notModified()).orElseThrow();

    assertThat(exchange.conditionalFields().all("If-Modified-Since")).containsExactly(LAST_MODIFIED);
    assertThat(served.status()).as("the client's copy is older than the stored one").isEqualTo(200);
    assertThat(text(served)).isEqualTo("one");
  }

  @Test
  void anEtagThatTurnedStrongOrWeakStillNamesTheStoredVersionAndIsAskedWithNext() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", "W/\"v1\""));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    CachedResponse served = revalidation.notModified(notModified("ETag", TAG)).orElseThrow();
    step.completed(revalidation, notModified("ETag", TAG));
    clock.advance(Duration.ofSeconds(61));

    assertThat(served.headers().all("ETag")).containsExactly(TAG);
    assertThat(proceed(step.before(get())).conditionalFields().all("If-None-Match")).containsExactly(TAG);
  }

  @Test
  void concurrentRequestsWaitForTheOneRevalidationAndAreThenServedFromMemory() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    Outcome waiting = step.before(get());
    revalidation.notModified(notModified("ETag", TAG));
    step.completed(revalidation, notModified("ETag", TAG));

    assertThat(text(answer(next(waiting)))).isEqualTo("one");
    assertThat(cache.stats().coalescedWaits()).isEqualTo(1);
    assertThat(cache.stats().revalidated()).isEqualTo(1);
  }

  @Test
  void aFullAnswerToTheRevalidationIsAMissThatReplacesTheEntry() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    step.completed(revalidation, page("two", "Cache-Control", "max-age=10", "ETag", "\"v2\""));
    CachedResponse hit = answer(step.before(get()));

    assertThat(text(hit)).isEqualTo("two");
    assertThat(cache.stats().stores()).isEqualTo(2);
    assertThat(cache.stats().revalidated()).isZero();
    assertThat(cache.stats().revalidationFailed()).isZero();
  }

  @ParameterizedTest(name = "a 304 with {0} is not the stored response's")
  @ValueSource(strings = {"ETag: \"v2\"", "ETag: W/\"v2\"", "Last-Modified: Wed, 02 Dec 2026 10:00:00 GMT",
      "ETag: not-a-tag"})
  void a304ForAnotherRepresentationIsSentAsItIsAndChangesNothing(String field) {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG, "Last-Modified", LAST_MODIFIED));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    String[] nameAndValue = field.split(": ", 2);
    CapturedResponse answer = notModified(nameAndValue[0], nameAndValue[1], "Cache-Control", "max-age=60");

    assertThat(revalidation.notModified(answer)).isEmpty();
    step.completed(revalidation, answer);
    assertThat(step.before(get())).as("still stale: asked about again").isInstanceOf(PipelineStep.Proceed.class);
    assertThat(cache.stats().revalidated()).isZero();
  }

  @Test
  void aVariantIsRevalidatedAndStoredAgainUnderItsOwnKey() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    CacheRequest german = TestRequests.get("/a").header("Accept-Language", "de").build();
    CacheRequest english = TestRequests.get("/a").header("Accept-Language", "en").build();
    step.completed(proceed(step.before(german)),
        page("eins", "Cache-Control", "max-age=10", "ETag", TAG, "Vary", "Accept-Language"));
    step.completed(proceed(step.before(english)),
        page("one", "Cache-Control", "max-age=10", "ETag", "\"en1\"", "Vary", "Accept-Language"));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(german));
    CachedResponse served = revalidation.notModified(notModified("ETag", TAG)).orElseThrow();
    step.completed(revalidation, notModified("ETag", TAG));

    assertThat(revalidation.conditionalFields().all("If-None-Match")).containsExactly(TAG);
    assertThat(text(served)).isEqualTo("eins");
    assertThat(text(answer(step.before(german)))).isEqualTo("eins");
    assertThat(proceed(step.before(english)).conditionalFields().all("If-None-Match")).containsExactly("\"en1\"");
  }

  @Test
  void aWeakTagMatchesTheStoredWeakTag() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", "W/\"v1\""));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));

    assertThat(revalidation.notModified(notModified("ETag", "W/\"v1\""))).isPresent();
  }

  @Test
  void aFailedOrErroneousRevalidationIsCountedAndReleasesTheWaitersToTryAgain() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange erroneous = proceed(step.before(get()));
    Outcome waiting = step.before(get());
    step.completed(erroneous, CapturedResponse.builder().status(503).build());
    PipelineStep.Exchange retry = proceed(next(waiting));
    step.failed(retry, new IllegalStateException("render threw"));

    assertThat(retry.conditionalFields().all("If-None-Match")).containsExactly(TAG);
    assertThat(cache.stats().revalidationFailed()).isEqualTo(2);
    assertThat(step.before(get())).isInstanceOf(PipelineStep.Proceed.class);
  }

  @Test
  void aValidatorTheCacheGeneratedIsNeverSentToTheApplication() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "Last-Modified", LAST_MODIFIED));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));

    assertThat(revalidation.conditionalFields().all("If-None-Match")).isEmpty();
    assertThat(revalidation.conditionalFields().all("If-Modified-Since")).containsExactly(LAST_MODIFIED);
    assertThat(revalidation.notModified(notModified())).isPresent();
  }

  @Test
  void anEntryWithoutValidatorsIsRenderedAgainOnceStale() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10"));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange render = proceed(step.before(get()));

    assertThat(render.conditionalFields().size()).isZero();
    assertThat(render.notModified(notModified())).isEmpty();
  }

  @Test
  void pastTheRevalidationWindowTheEntryIsGoneAndTheRequestRendersInFull() {
    PipelineStep step = cache(options -> options.revalidationWindow(Duration.ofSeconds(20))).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(30));

    assertThat(proceed(step.before(get())).conditionalFields().size()).isZero();
  }

  // ---------------------------------------------------------------------------------------------------------
  // responses that must be validated before every use

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"no-cache", "max-age=0", "max-age=10, no-cache", "no-cache, must-revalidate"})
  void aResponseThatMustBeValidatedIsStoredWithItsValidatorButNeverServedWithoutA304(String cacheControl) {
    HttpCache cache = cache(options -> options.staleWhileRevalidate(Duration.ofMinutes(1))
        .staleIfError(Duration.ofMinutes(1)));
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", cacheControl, "ETag", TAG));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    assertThat(revalidation.conditionalFields().all("If-None-Match")).containsExactly(TAG);
    assertThat(revalidation.staleIfError(503)).as("never served unvalidated instead of an error").isEmpty();
    assertThat(text(revalidation.notModified(notModified("ETag", TAG)).orElseThrow())).isEqualTo("one");
    step.completed(revalidation, notModified("ETag", TAG));

    assertThat(step.before(get())).as("validated again on the next use").isInstanceOf(PipelineStep.Proceed.class);
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  @Test
  void noCacheWithoutAValidatorOrNamingFieldsIsNotStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PolicyOf policy = new PolicyOf(cache.policy());

    assertThat(policy.rejects(page("one", "Cache-Control", "no-cache"))).hasValue(RejectReason.NO_CACHE);
    assertThat(policy.rejects(page("one", "Cache-Control", "no-cache=\"Set-Cookie\"", "ETag", TAG)))
        .hasValue(RejectReason.NO_CACHE);
    assertThat(policy.rejects(page("one", "Cache-Control", "max-age=0"))).hasValue(RejectReason.NOT_FRESH);
  }

  @Test
  void aNoCacheTheParserCannotReadIsRefusedEvenWithAValidator() {
    PolicyOf policy = new PolicyOf(cache(UnaryOperator.identity()).policy());

    assertThat(policy.rejects(page("one", "Cache-Control", "max-age=60, x=\"no-cache\"", "ETag", TAG)))
        .hasValue(RejectReason.NO_CACHE);
  }

  @Test
  void withTheWindowAtZeroNothingIsRevalidated() {
    HttpCache cache = cache(options -> options.revalidationWindow(Duration.ZERO));
    PolicyOf policy = new PolicyOf(cache.policy());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    assertThat(proceed(step.before(get())).conditionalFields().size()).isZero();
    assertThat(policy.rejects(page("one", "Cache-Control", "no-cache", "ETag", TAG))).hasValue(RejectReason.NO_CACHE);
  }

  // ---------------------------------------------------------------------------------------------------------
  // what the 304 may not do

  @Test
  void a304ThatSetsACookieAnswersItsOwnRequestButIsNotStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    CachedResponse served = revalidation.notModified(notModified("ETag", TAG, "Set-Cookie", "id=7")).orElseThrow();
    step.completed(revalidation, notModified("ETag", TAG, "Set-Cookie", "id=7"));
    PipelineStep.Exchange next = proceed(step.before(get()));

    assertThat(served.headers().all("Set-Cookie")).containsExactly("id=7");
    assertThat(text(served)).isEqualTo("one");
    assertThat(next.conditionalFields().size()).as("the stale entry, still to revalidate").isPositive();
    assertThat(cache.stats().rejections(RejectReason.SET_COOKIE)).isEqualTo(1);
  }

  @Test
  void aPurgeDuringTheRevalidationKeepsItsResultOutOfTheStore() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    PipelineStep.Exchange revalidation = proceed(step.before(get()));
    cache.invalidatePath("/a");
    assertThat(revalidation.notModified(notModified("ETag", TAG))).isPresent();
    step.completed(revalidation, notModified("ETag", TAG));

    assertThat(proceed(step.before(get())).conditionalFields().size()).as("nothing stored: a plain miss").isZero();
  }

  @Test
  void theStaleWhileRevalidateRefreshAsksTheApplicationInsteadOfRendering() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    store(step, page("one", "Cache-Control", "max-age=10, stale-while-revalidate=30", "ETag", TAG));
    clock.advance(Duration.ofSeconds(15));

    PipelineStep.Exchange refresh = proceed(step.before(get()));
    CachedResponse stale = answer(step.before(get()));
    refresh.notModified(notModified("ETag", TAG));
    step.completed(refresh, notModified("ETag", TAG));

    assertThat(refresh.conditionalFields().all("If-None-Match")).containsExactly(TAG);
    assertThat(text(stale)).isEqualTo("one");
    assertThat(answer(step.before(get())).headers().first("Age")).hasValue("0");
  }

  @Test
  void aHeadOrRangeRequestForAStaleEntryIsNotARevalidation() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    store(step, page("one", "Cache-Control", "max-age=10", "ETag", TAG));
    clock.advance(Duration.ofSeconds(11));

    assertThat(proceed(step.before(TestRequests.head("/a").build())).conditionalFields().size()).isZero();
    assertThat(proceed(step.before(TestRequests.get("/a").header("Range", "bytes=0-1").build()))
        .conditionalFields().size()).isZero();
  }

  @Test
  void theStoreKeepsAnEntryWithValidatorsForItsRevalidationWindow() {
    CachedResponse entry = CachedResponse.builder()
        .freshnessLifetime(Duration.ofSeconds(10))
        .revalidationWindow(Duration.ofSeconds(50))
        .conditionalFields(ResponseHeaders.builder().add("If-None-Match", TAG).build())
        .build();
    CachedResponse withoutValidators = entry.newBuilder().conditionalFields(ResponseHeaders.empty()).build();

    assertThat(entry.remainingLifetimeAt(Instant.EPOCH)).isEqualTo(Duration.ofSeconds(60));
    assertThat(entry.isRevalidatableAt(Instant.EPOCH.plusSeconds(59))).isTrue();
    assertThat(entry.isRevalidatableAt(Instant.EPOCH.plusSeconds(60))).isFalse();
    assertThat(withoutValidators.remainingLifetimeAt(Instant.EPOCH)).isEqualTo(Duration.ofSeconds(10));
  }

  /** The policy's storing decision, read as a refusal. */
  private record PolicyOf(CachePolicy policy) {
    Optional<RejectReason> rejects(CapturedResponse response) {
      StoreDecision decision = policy.onResponse(Instant.EPOCH, get(), response);
      return decision instanceof StoreDecision.Reject reject
          ? Optional.of(reject.reason()) : Optional.empty();
    }
  }
}
