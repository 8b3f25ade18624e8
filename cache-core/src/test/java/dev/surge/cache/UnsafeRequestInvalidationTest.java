package dev.surge.cache;

import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9111 §4.4 as the step applies it: an unsafe request invalidates what is stored for its target, and for
 * the same-origin {@code Location} and {@code Content-Location} of its response, only once it has completed
 * with a non-error status. A request the application refuses changes nothing, so it cannot be used to purge.
 */
class UnsafeRequestInvalidationTest {

  private final MutableClock clock = MutableClock.standingStill();
  private final List<Purge> told = new CopyOnWriteArrayList<>();
  private final HttpCache cache = HttpCache.builder().clock(clock).purgeListener(told::add).build();
  private final PipelineStep step = cache.step();

  private void store(String target) {
    step.completed(proceed(step.before(TestRequests.get(target).build())), page("stored " + target));
  }

  private boolean isHit(String target) {
    return step.before(TestRequests.get(target).build()) instanceof Answer;
  }

  private static CapturedResponse page(String body) {
    return CapturedResponse.builder().status(200).body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static CapturedResponse answer(int status, String... headers) {
    CapturedResponse.Builder response = CapturedResponse.builder().status(status);
    for (int i = 0; i < headers.length; i += 2) {
      response.header(headers[i], headers[i + 1]);
    }
    return response.build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "BREW"})
  void unsafeRequestTheApplicationRefusesInvalidatesNothing(String method) {
    store("/items/1");
    for (int status : new int[] {400, 403, 404, 405, 409, 500, 503}) {
      step.completed(proceed(step.before(TestRequests.request(method, "/items/1").build())), answer(status));
    }

    assertThat(isHit("/items/1")).isTrue();
    assertThat(cache.stats().invalidations()).isZero();
    assertThat(told).isEmpty();
  }

  @Test
  void unsafeRequestThatFailsInvalidatesNothing() {
    store("/items/1");
    PipelineStep.Exchange post = proceed(step.before(TestRequests.post("/items/1").build()));
    step.failed(post, new IllegalStateException("rendering threw"));

    assertThat(isHit("/items/1")).isTrue();
    assertThat(told).isEmpty();
  }

  @Test
  void unsafeRequestInvalidatesOnlyOnceItHasSucceeded() {
    store("/items/1");
    PipelineStep.Exchange post = proceed(step.before(TestRequests.post("/items/1").build()));

    assertThat(isHit("/items/1")).as("served while the change is under way").isTrue();
    step.completed(post, answer(204));

    assertThat(isHit("/items/1")).isFalse();
    assertThat(told).hasSize(1);
  }

  @Test
  void successfulUnsafeRequestInvalidatesItsSameOriginLocationAndContentLocation() {
    store("/items/1");
    store("/items");
    store("/items/1/summary");
    store("/other");
    step.completed(proceed(step.before(TestRequests.post("/items/1").build())),
        answer(303, "Location", "/items", "Content-Location", "http://example.com/items/1/summary"));

    assertThat(isHit("/items/1")).isFalse();
    assertThat(isHit("/items")).isFalse();
    assertThat(isHit("/items/1/summary")).isFalse();
    assertThat(isHit("/other")).isTrue();
    assertThat(told).hasSize(3);
  }

  @Test
  void relativeLocationResolvesAgainstTheRequestTarget() {
    store("/items/2");
    step.completed(proceed(step.before(TestRequests.post("/items/new").build())), answer(201, "Location", "2"));

    assertThat(isHit("/items/2")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://evil.example/items/2", "https://example.com/items/2", "http://example.com:8080/items/2",
      "//evil.example/items/2", "not a uri at all", "mailto:someone@example.com"})
  void locationOnAnotherOriginOrUnparseableInvalidatesNothingThere(String location) {
    store("/items/2");
    step.completed(proceed(step.before(TestRequests.post("/items/1").build())), answer(201, "Location", location));

    assertThat(isHit("/items/2")).isTrue();
  }

  @Test
  void renderRunningWhileARefusedUnsafeRequestCompletesIsStored() {
    PipelineStep.Exchange post = proceed(step.before(TestRequests.post("/items/1").build()));
    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/items/1").build()));
    step.completed(post, answer(405));
    step.completed(render, page("rendered while a refused POST ran"));

    assertThat(isHit("/items/1")).isTrue();
    assertThat(cache.stats().rejections(RejectReason.INVALIDATED)).isZero();
  }

  @Test
  void invalidatingOneResourceNeverDiscardsRendersOfOthers() {
    List<PipelineStep.Exchange> renders = new ArrayList<>();
    for (int page = 0; page < 2000; page++) {
      renders.add(((Proceed) step.before(TestRequests.get("/pages/" + page).build())).exchange());
    }
    step.completed(proceed(step.before(TestRequests.post("/items/1").build())), answer(204));
    for (int page = 0; page < renders.size(); page++) {
      step.completed(renders.get(page), page("page " + page));
    }

    assertThat(cache.stats().rejections(RejectReason.INVALIDATED)).isZero();
    assertThat(cache.stats().stores()).isEqualTo(2000);
  }
}
