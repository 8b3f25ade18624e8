package dev.surge.cache;

import static dev.surge.cache.StepDriving.next;
import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The request-stealing step driven directly, the way an adapter drives it. */
class RequestStealingStepTest {

  private final MutableClock clock = MutableClock.standingStill();

  private HttpCache cache(UnaryOperator<HttpCache.Builder> options) {
    return options.apply(HttpCache.builder().clock(clock)).build();
  }

  private static CapturedResponse page(String body, String... headers) {
    CapturedResponse.Builder capture = CapturedResponse.builder().status(200);
    for (int i = 0; i < headers.length; i += 2) {
      capture.header(headers[i], headers[i + 1]);
    }
    return capture.body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static String body(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Answer.class);
    return new String(((Answer) outcome).response().bodyBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void storedResponseAnswersTheNextRequest() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    step.completed(leader, page("one"));

    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("one");
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  @Test
  void captureLimitIsTheMaximumEntrySize() {
    PipelineStep step = cache(options -> options.maximumEntryBytes(ByteSize.ofKilobytes(8))).step();

    PipelineStep.Exchange exchange = proceed(step.before(TestRequests.get("/a").build()));
    assertThat(exchange.capturesBody()).isTrue();
    assertThat(exchange.captureLimit()).isEqualTo(ByteSize.ofKilobytes(8));
  }

  @Test
  void waiterIsServedTheLeadersEntry() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.completed(leader, page("rendered once"));

    assertThat(body(next(waiting))).isEqualTo("rendered once");
    assertThat(cache.stats().coalescedWaits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void waitersRenderThemselvesWhenTheLeaderFails() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.failed(leader, new IllegalStateException("render threw"));

    PipelineStep.Exchange own = proceed(next(waiting));
    assertThat(own.capturesBody()).isTrue();
    step.completed(own, page("second try"));
    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("second try");
    assertThat(cache.stats().rejections(RejectReason.INCOMPLETE)).isEqualTo(1);
  }

  @Test
  void waitersRenderThemselvesWhenTheLeaderIsCancelled() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.failed(leader, new CancellationException("client went away"));

    assertThat(next(waiting)).isInstanceOf(Proceed.class);
  }

  @Test
  void waitersRenderThemselvesWhenTheLeadersResponseCannotBeStored() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.completed(leader, page("alice's page", "Set-Cookie", "session=alice"));

    assertThat(next(waiting)).isInstanceOf(Proceed.class);
  }

  @Test
  void keyWhoseResponseWasNotStoredRendersWithoutQueueing() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page("mine", "Set-Cookie", "s=1"));

    proceed(step.before(TestRequests.get("/a").build()));
    proceed(step.before(TestRequests.get("/a").build()));
    assertThat(cache.stats().coalescedWaits()).isZero();
  }

  @Test
  void refusalCausedByTheRequestLeavesCoalescingOnForOtherClients() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome credentialed = step.before(TestRequests.get("/a").header("Authorization", "Basic eDp4").build());
    step.completed(proceed(credentialed), page("not public"));
    assertThat(cache.stats().rejections(RejectReason.AUTHORIZATION)).isEqualTo(1);

    proceed(step.before(TestRequests.get("/a").build()));
    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Await.class);
  }

  @Test
  void aLeaderRefusedForEchoingItsOwnCookieLeavesCoalescingOnForOtherClients() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange echoing =
        proceed(step.before(TestRequests.get("/a").header("Cookie", "remember_me=abcdefgh12").build()));
    step.completed(echoing, page("hello abcdefgh12"));

    proceed(step.before(TestRequests.get("/a").build()));
    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Await.class);
  }

  @Test
  void waitersOfALeaderRefusedForEchoingItsOwnCookieCoalesceAgainBehindOneOfThem() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange echoing =
        proceed(step.before(TestRequests.get("/a").header("Cookie", "remember_me=abcdefgh12").build()));
    Outcome first = step.before(TestRequests.get("/a").build());
    Outcome second = step.before(TestRequests.get("/a").build());
    step.completed(echoing, page("hello abcdefgh12"));

    Outcome firstNext = next(first);
    Outcome secondNext = next(second);
    PipelineStep.Exchange newLeader = proceed(firstNext instanceof Await ? secondNext : firstNext);
    Outcome waiting = firstNext instanceof Await ? firstNext : secondNext;
    step.completed(newLeader, page("hello"));

    assertThat(body(next(waiting))).isEqualTo("hello");
  }

  @Test
  void declinedResponseIsNotStoredAndItsKeyRendersWithoutQueueing() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page("one"), StoreRules.never());

    assertThat(cache.stats().stores()).isZero();
    assertThat(cache.stats().rejections(RejectReason.DECLINED)).isEqualTo(1);
    proceed(step.before(TestRequests.get("/a").build()));
    proceed(step.before(TestRequests.get("/a").build()));
  }

  @Test
  void renderWhoseHandlerDeclinesIsCountedAsNotCacheableNotAsMissOrRejection() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange undeclared = proceed(step.beforeHandlerChosen(TestRequests.get("/plain").build()));
    long missesBeforeTheHandlerIsKnown = cache.stats().misses();
    step.handlerChosen(undeclared, StoreRules.never());
    step.completed(undeclared, page("plain"), StoreRules.never());

    assertThat(missesBeforeTheHandlerIsKnown).isZero();
    assertThat(cache.stats().misses()).isZero();
    assertThat(cache.stats().bypasses(BypassReason.NOT_CACHEABLE)).isEqualTo(1);
    assertThat(cache.stats().totalRejections()).isZero();
    assertThat(cache.stats().stores()).isZero();
    proceed(step.beforeHandlerChosen(TestRequests.get("/plain").build()));
    proceed(step.beforeHandlerChosen(TestRequests.get("/plain").build()));
  }

  @Test
  void aRarelyAskedRenderIsRejectedOnlyOnceItsHandlerTurnsOutCacheable() {
    HttpCache cache = cache(options -> options.minimumUses(2));
    PipelineStep step = cache.step();
    PipelineStep.Exchange undeclared = proceed(step.beforeHandlerChosen(TestRequests.get("/plain").build()));
    step.handlerChosen(undeclared, StoreRules.never());
    step.completed(undeclared, page("plain"), StoreRules.never());

    assertThat(cache.stats().bypasses(BypassReason.NOT_CACHEABLE)).isEqualTo(1);
    assertThat(cache.stats().totalRejections()).isZero();

    PipelineStep.Exchange declared = proceed(step.beforeHandlerChosen(TestRequests.get("/a").build()));
    step.handlerChosen(declared, StoreRules.defaults());
    step.completed(declared, page("one"), StoreRules.defaults());

    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().rejections(RejectReason.RARELY_USED)).isEqualTo(1);
    assertThat(cache.stats().totalRejections()).isEqualTo(1);
  }

  @Test
  void renderWhoseHandlerIsCacheableIsCountedAsMissOnceWhenTheHandlerIsChosen() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange declared = proceed(step.beforeHandlerChosen(TestRequests.get("/a").build()));
    step.handlerChosen(declared, StoreRules.defaults());
    long missesBeforeTheReport = cache.stats().misses();
    step.completed(declared, page("one"), StoreRules.defaults());
    PipelineStep.Exchange failing = proceed(step.beforeHandlerChosen(TestRequests.get("/b").build()));
    step.failed(failing, new IllegalStateException("boom"));

    assertThat(missesBeforeTheReport).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(2);
    assertThat(cache.stats().stores()).isEqualTo(1);
    assertThat(cache.stats().totalBypasses()).isZero();
    assertThat(body(step.beforeHandlerChosen(TestRequests.get("/a").build()))).isEqualTo("one");
    assertThat(cache.stats().hitRatio()).isEqualTo(1.0 / 3);
  }

  @Test
  void keyQueuesAgainOnceItsResponseIsStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page("one", "Set-Cookie", "s=1"));
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page("two"));
    cache.invalidatePathPrefix("/");

    proceed(step.before(TestRequests.get("/a").build()));
    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Await.class);
  }

  @Test
  void keyQueuesAgainAfterTheDefaultTtl() {
    HttpCache cache = cache(options -> options.defaultTtl(Duration.ofSeconds(30)));
    PipelineStep step = cache.step();
    step.completed(proceed(step.before(TestRequests.get("/a").build())), page("one", "Set-Cookie", "s=1"));
    clock.advance(Duration.ofSeconds(31));

    proceed(step.before(TestRequests.get("/a").build()));
    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Await.class);
  }

  @Test
  void withMinimumUsesAPageIsCopiedAndStoredOnlyOnceAskedForThatOften() {
    HttpCache cache = cache(options -> options.minimumUses(2));
    PipelineStep step = cache.step();

    PipelineStep.Exchange first = proceed(step.before(TestRequests.get("/a").build()));
    assertThat(first.capturesBody()).isFalse();
    step.completed(first, page("first"));
    assertThat(cache.stats().rejections(RejectReason.RARELY_USED)).isEqualTo(1);
    PipelineStep.Exchange second = proceed(step.before(TestRequests.get("/a").build()));
    assertThat(second.capturesBody()).isTrue();
    step.completed(second, page("second"));

    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("second");
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  @Test
  void withMinimumUsesASurgeOfANewPageRendersItThatManyTimesAndTheRestWaitForTheLast() throws Exception {
    HttpCache cache = cache(options -> options.minimumUses(3));
    PipelineStep step = cache.step();
    PipelineStep.Exchange first = proceed(step.before(TestRequests.get("/a").build()));
    PipelineStep.Exchange second = proceed(step.before(TestRequests.get("/a").build()));
    PipelineStep.Exchange third = proceed(step.before(TestRequests.get("/a").build()));
    Outcome fourth = step.before(TestRequests.get("/a").build());

    assertThat(fourth).isInstanceOf(Await.class);
    step.completed(third, page("stored"));
    step.completed(first, page("not copied"));
    step.completed(second, page("not copied either"));
    assertThat(body(next(fourth))).isEqualTo("stored");
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  @Test
  void whileTheStoreIsFullANewPageIsCopiedOnlyFromItsSecondRequest() {
    HttpCache cache = smallCache();
    PipelineStep step = cache.step();
    fill(step, 100);
    long rarelyUsedWhenFull = cache.stats().rejections(RejectReason.RARELY_USED);

    PipelineStep.Exchange first = proceed(step.before(TestRequests.get("/new").build()));
    assertThat(first.capturesBody()).as("asked for once, while the store is full").isFalse();
    step.completed(first, page("first"));
    assertThat(cache.stats().rejections(RejectReason.RARELY_USED)).isEqualTo(rarelyUsedWhenFull + 1);
    PipelineStep.Exchange second = proceed(step.before(TestRequests.get("/new").build()));
    assertThat(second.capturesBody()).isTrue();
    step.completed(second, page("second"));

    assertThat(body(step.before(TestRequests.get("/new").build()))).isEqualTo("second");
  }

  @Test
  void aFullStoreCopiesAndStoresFewOfManyPagesAskedForOnce() {
    HttpCache cache = smallCache();
    PipelineStep step = cache.step();
    fill(step, 100);
    long storesWhenFull = cache.stats().stores();
    long rarelyUsedWhenFull = cache.stats().rejections(RejectReason.RARELY_USED);

    for (int i = 0; i < 1_000; i++) {
      PipelineStep.Exchange oneOff = proceed(step.before(TestRequests.get("/one-off-" + i).build()));
      step.completed(oneOff, page("x".repeat(1_000)));
    }

    // the table of uses is approximate: a few keys asked for once read as asked for twice
    assertThat(cache.stats().stores() - storesWhenFull).as("stored, of 1,000").isLessThan(50);
    assertThat(cache.stats().rejections(RejectReason.RARELY_USED) - rarelyUsedWhenFull).isGreaterThan(950);
  }

  @Test
  void aPageInUseIsCopiedAgainOnItsFirstMissAfterItExpiresInAFullStore() {
    HttpCache cache = smallCache();
    PipelineStep step = cache.step();
    fill(step, 100);
    for (int ask = 0; ask < 2; ask++) {
      step.completed(proceed(step.before(TestRequests.get("/hot").build())),
          page("hot", "Cache-Control", "max-age=60"));
    }
    for (int i = 0; i < 1_000; i++) { // about one hit in 16 counts as a use
      body(step.before(TestRequests.get("/hot").build()));
    }
    for (int i = 0; i < 1_100; i++) { // enough uses of other pages to halve every count twice
      step.completed(proceed(step.before(TestRequests.get("/one-off-" + i).build())), page("one-off"));
    }
    clock.advance(Duration.ofSeconds(61));

    PipelineStep.Exchange refresh = proceed(step.before(TestRequests.get("/hot").build()));
    assertThat(refresh.capturesBody()).as("the hits kept the page's count up").isTrue();
  }

  /** A cache whose store is full after about 60 pages of 1 KB. */
  private HttpCache smallCache() {
    return cache(options -> options.maximumBytes(ByteSize.ofKilobytes(64)).maximumEntryBytes(ByteSize.ofKilobytes(16)));
  }

  /** Stores {@code pages} pages of 1 KB each, with an hour's lifetime, each asked for twice. */
  private static void fill(PipelineStep step, int pages) {
    for (int i = 0; i < pages; i++) {
      for (int ask = 0; ask < 2; ask++) {
        Outcome outcome = step.before(TestRequests.get("/filler-" + i).build());
        if (outcome instanceof Proceed proceed) {
          step.completed(proceed.exchange(), page("f".repeat(1_000), "Cache-Control", "max-age=3600"));
        }
      }
    }
  }

  @Test
  void waiterGivesUpAfterTheBoundAndRendersItself() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ofSeconds(1)));
    PipelineStep step = cache.step();
    proceed(step.before(TestRequests.get("/a").build()));

    assertThat(next(step.before(TestRequests.get("/a").build()))).isInstanceOf(Proceed.class);
    assertThat(cache.stats().coalescingTimeouts()).isEqualTo(1);
  }

  @Test
  void waiterWhoseVariantMissesLeadsTheRenderOfThatVariant() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange english =
        proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build()));
    Outcome french = step.before(TestRequests.get("/v").header("Accept-Language", "fr").build());
    step.completed(english, page("english", "Vary", "Accept-Language"));

    PipelineStep.Exchange frenchRender = proceed(next(french));
    Outcome frenchAgain = step.before(TestRequests.get("/v").header("Accept-Language", "fr").build());
    assertThat(frenchAgain).isInstanceOf(Await.class);
    step.completed(frenchRender, page("french", "Vary", "Accept-Language"));
    assertThat(body(next(frenchAgain))).isEqualTo("french");
  }

  @Test
  void zeroCoalescingTimeoutLetsEveryMissRender() {
    PipelineStep step = cache(options -> options.coalescingTimeout(Duration.ZERO)).step();
    proceed(step.before(TestRequests.get("/a").build()));

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void reportingAnExchangeTwiceCountsOnce() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    step.completed(leader, page("first"));
    step.completed(leader, page("second"));
    step.failed(leader, new IllegalStateException());

    assertThat(cache.stats().stores()).isEqualTo(1);
    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("first");
  }

  @Test
  void headMissNeitherCapturesNorLeads() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange head = proceed(step.before(TestRequests.head("/a").build()));

    assertThat(head.capturesBody()).isFalse();
    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void headWaitsForARunningGetAndGetsTheHeadView() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome head = step.before(TestRequests.head("/a").build());
    step.completed(leader, page("body"));

    CachedResponse answer = ((Answer) next(head)).response();
    assertThat(answer.bodyLength()).isZero();
    assertThat(answer.headers().first("Content-Length")).hasValue("4");
  }

  @Test
  void conditionalMissDoesNotLead() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    proceed(step.before(TestRequests.get("/a").header("If-None-Match", "\"x\"").build()));

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void renderRunningWhileAnUnsafeRequestCompletesIsNotStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange post = proceed(step.before(TestRequests.post("/items/1").build()));
    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/items/1").build()));
    step.completed(post, CapturedResponse.builder().status(204).build());
    step.completed(render, page("rendered before the change was committed"));

    assertThat(step.before(TestRequests.get("/items/1").build())).isInstanceOf(Proceed.class);
    assertThat(cache.stats().rejections(RejectReason.INVALIDATED)).isEqualTo(1);
  }

  @Test
  void renderRunningDuringAPurgeIsNotStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange inFlight = proceed(step.before(TestRequests.get("/a").build()));
    cache.invalidate(java.net.URI.create("http://example.com/a"));
    step.completed(inFlight, page("old"));

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void renderOnAnyHostRunningDuringAPurgeOfItsPathIsNotStored() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    PipelineStep.Exchange inFlight = proceed(step.before(TestRequests.get("/a").authority("other.example").build()));
    cache.invalidatePath("/a");
    step.completed(inFlight, page("old"));

    assertThat(step.before(TestRequests.get("/a").authority("other.example").build())).isInstanceOf(Proceed.class);
    assertThat(cache.stats().rejections(RejectReason.INVALIDATED)).isEqualTo(1);
  }

  @Test
  void ageCountsFromTheRequestNotFromTheEndOfASlowRender() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    clock.advance(Duration.ofSeconds(8));
    step.completed(leader, page("x", "Cache-Control", "max-age=10"));
    clock.advance(Duration.ofSeconds(2));

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void leaderThatIsNeverReportedStopsBeingWaitedForAfterTheBound() throws Exception {
    PipelineStep step = cache(options -> options.coalescingTimeout(Duration.ofMillis(20))).step();
    proceed(step.before(TestRequests.get("/a").build())); // an adapter that never reports

    await().atMost(Duration.ofSeconds(30))
        .until(() -> step.before(TestRequests.get("/a").build()) instanceof Proceed);
  }

  @Test
  void failedWithoutACauseStillReleasesTheWaiters() throws Exception {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange leader = proceed(step.before(TestRequests.get("/a").build()));
    Outcome waiting = step.before(TestRequests.get("/a").build());
    step.failed(leader, null);

    assertThat(next(waiting)).isInstanceOf(Proceed.class);
  }

  @Test
  void requestWithCredentialsDoesNotLead() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    proceed(step.before(TestRequests.get("/a").header("Authorization", "Bearer x").build()));

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void entryIsServedOnlyToRequestsItsOwnVarySelects() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("english", "Vary", "Accept-Language"));
    // The resource stops varying: its new entry lives under the primary key.
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "fr").build())),
        page("plain"));

    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "en").build()))).isEqualTo("plain");
    assertThat(body(step.before(TestRequests.get("/v").build()))).isEqualTo("plain");
  }

  @Test
  void entryIsNotServedToARequestThatSendsAHeaderOnlyItsOwnVaryNamesWhichItsRequestLacked() {
    // RFC 9111 §4.1: a stored response is used only when every field its own Vary nominates matches the
    // request that stored it, and a field absent there matches only an absent one.
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("english for requests without a tier", "Vary", "Accept-Language, X-Tier"));
    // Another variant of the resource varies on fewer names, so lookups now build their keys from those.
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "de").build())),
        page("german", "Vary", "Accept-Language"));

    Outcome premium = step.before(TestRequests.get("/v").header("Accept-Language", "en").header("X-Tier", "premium").build());
    assertThat(premium).as("the entry's own Vary names X-Tier, which its request did not send").isInstanceOf(Proceed.class);
    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())))
        .isEqualTo("english for requests without a tier");
    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "de").header("X-Tier", "premium").build())))
        .as("the german entry does not vary on X-Tier").isEqualTo("german");
  }

  @Test
  void entryVaryingOnAHeaderInAnyCaseIsNotServedWhenTheRequestSendsIt() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("plain english", "Vary", "accept-language", "Vary", "x-TIER"));
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "fr").build())),
        page("french", "Vary", "ACCEPT-LANGUAGE"));

    assertThat(step.before(TestRequests.get("/v").header("accept-language", "en").header("x-tier", "").build()))
        .as("an empty X-Tier is still present, and the entry's request had none").isInstanceOf(Proceed.class);
  }

  @Test
  void beforeNeverThrowsWhenTheStoreFails() {
    ResponseStore failing = new ThrowingStore();
    PipelineStep step = cache(options -> options.store(failing)).step();

    assertThat(step.before(TestRequests.get("/a").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void noCacheStatusFieldUnlessSwitchedOn() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    PipelineStep.Exchange miss = proceed(step.before(TestRequests.get("/a").build()));
    step.completed(miss, page("x"));

    assertThat(miss.extraHeaders().size()).isZero();
    assertThat(((Answer) step.before(TestRequests.get("/a").build())).response().headers().contains("Cache-Status"))
        .isFalse();
  }

  @Test
  void invalidateAllForgetsVaryRules() {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("english", "Vary", "Accept-Language"));
    cache.invalidateAll();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("plain"));

    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "de").build()))).isEqualTo("plain");
  }

  /** A store whose every operation fails, as a broken custom store might. */
  private static final class ThrowingStore implements ResponseStore {
    @Override
    public java.util.Optional<CachedResponse> get(CacheKey key) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
      throw new IllegalStateException("store down");
    }

    @Override
    public int invalidateResource(CacheKey key) {
      throw new IllegalStateException("store down");
    }

    @Override
    public int invalidatePathPrefix(String pathPrefix) {
      throw new IllegalStateException("store down");
    }

    @Override
    public int invalidatePath(String path, String query) {
      throw new IllegalStateException("store down");
    }

    @Override
    public int invalidateTag(String tag) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void invalidateAll() {
      throw new IllegalStateException("store down");
    }

    @Override
    public void recycle() {
      throw new IllegalStateException("store down");
    }

    @Override
    public Snapshot snapshot() {
      throw new IllegalStateException("store down");
    }
  }

  @Test
  void varyStoresOneVariantPerHeaderValue() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("english", "Vary", "Accept-Language"));
    PipelineStep.Exchange french =
        proceed(step.before(TestRequests.get("/v").header("Accept-Language", "fr").build()));
    step.completed(french, page("french", "Vary", "Accept-Language"));

    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "en").build()))).isEqualTo("english");
    assertThat(body(step.before(TestRequests.get("/v").header("Accept-Language", "fr").build()))).isEqualTo("french");
    assertThat(step.before(TestRequests.get("/v").build())).isInstanceOf(Proceed.class);
  }

  @Test
  void requestWithAnotherValueOfAVariedHeaderIsAMiss() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/v").header("Accept-Language", "en").build())),
        page("english", "Vary", "Accept-Language"));

    assertThat(step.before(TestRequests.get("/v").header("Accept-Language", "de").build()))
        .isInstanceOf(Proceed.class);
  }

  @Test
  void beforeNeverThrowsAndBypassesMalformedRequests() {
    PipelineStep step = cache(UnaryOperator.identity()).step();

    assertThat(step.before(TestRequests.get("/a").authority("exa mple.com").build())).isInstanceOf(Proceed.class);
    assertThat(step.before(TestRequests.get("/a").scheme("gopher").build())).isInstanceOf(Proceed.class);
    assertThat(step.before(TestRequests.get("/a b").build())).isInstanceOf(Proceed.class);
  }
}
