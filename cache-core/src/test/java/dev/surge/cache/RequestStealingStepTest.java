package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The request-stealing step driven directly, the way an adapter drives it. */
class RequestStealingStepTest {

  private final MutableClock clock = MutableClock.standingStill();

  private HttpCache cache(UnaryOperator<HttpCache.Builder> options) {
    return options.apply(HttpCache.builder().clock(clock)).build();
  }

  private static PipelineStep.Exchange proceed(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Proceed.class);
    return ((Proceed) outcome).exchange();
  }

  private static Outcome next(Outcome outcome) throws Exception {
    assertThat(outcome).isInstanceOf(Await.class);
    return ((Await) outcome).next().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
  void waiterGivesUpAfterTheBoundAndRendersItself() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ofMillis(1)));
    PipelineStep step = cache.step();
    proceed(step.before(TestRequests.get("/a").build()));

    assertThat(next(step.before(TestRequests.get("/a").build()))).isInstanceOf(Proceed.class);
    assertThat(cache.stats().coalescingTimeouts()).isEqualTo(1);
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
  void successfulPostInvalidatesItsTargetAndAFailedOneDoesNot() {
    PipelineStep step = cache(UnaryOperator.identity()).step();
    step.completed(proceed(step.before(TestRequests.get("/items/1").build())), page("v1"));

    step.completed(proceed(step.before(TestRequests.post("/items/1").build())),
        CapturedResponse.builder().status(500).build());
    assertThat(step.before(TestRequests.get("/items/1").build())).isInstanceOf(Answer.class);

    step.completed(proceed(step.before(TestRequests.post("/items/1").build())),
        CapturedResponse.builder().status(204).build());
    assertThat(step.before(TestRequests.get("/items/1").build())).isInstanceOf(Proceed.class);
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
