package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.RejectReason;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.contract.MutableClock;
import dev.surge.cache.internal.CacheDecisionGeneratedInputTest.ResponseCase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The generated responses of {@link CacheDecisionGeneratedInputTest}, judged with revalidation on against the
 * same cache with it off: revalidation may only add entries that are stale or say {@code no-cache} and carry
 * a well-formed validator of the application's, never change an entry that was stored anyway, never store
 * what was refused for any other reason, and never serve an added entry without asking the application.
 */
class RevalidationGeneratedInputTest {

  private static final Set<RejectReason> LIFTED_BY_A_VALIDATOR = Set.of(RejectReason.NO_CACHE, RejectReason.NOT_FRESH);

  @Test
  void revalidationStoresOnlyStaleOrNoCacheResponsesWithValidatorsAndNeverServesThemUnasked() {
    List<ResponseCase> inputs = GeneratedInput.inputs(CacheDecisionGeneratedInputTest::responseCase);
    SoftAssertions softly = new SoftAssertions();
    int addedByRevalidation = 0;
    for (int index = 0; index < inputs.size(); index++) {
      ResponseCase generated = inputs.get(index);
      String name = "seed=" + GeneratedInput.SEED + " case=" + index + " " + generated;
      CacheRequest request = CacheDecisionGeneratedInputTest.request(List.of());
      CapturedResponse capture = CacheDecisionGeneratedInputTest.capture(generated);
      StoreDecision off = CacheDecisionGeneratedInputTest.cache().policy()
          .onResponse(CacheDecisionGeneratedInputTest.NOW, request, capture);
      HttpCache revalidating = revalidatingCache();
      StoreDecision on = revalidating.policy().onResponse(CacheDecisionGeneratedInputTest.NOW, request, capture);

      if (off instanceof StoreDecision.Store stored) {
        softly.assertThat(on).as(name).isInstanceOf(StoreDecision.Store.class);
        if (on instanceof StoreDecision.Store alsoStored) {
          softly.assertThat(withoutRevalidation(alsoStored.entry())).as(name).isEqualTo(stored.entry());
        }
      } else if (!LIFTED_BY_A_VALIDATOR.contains(((StoreDecision.Reject) off).reason())) {
        softly.assertThat(on).as(name).isEqualTo(off);
      } else if (on instanceof StoreDecision.Store added) {
        addedByRevalidation++;
        CachedResponse entry = added.entry();
        softly.assertThat(entry.isFreshAt(CacheDecisionGeneratedInputTest.NOW)).as(name).isFalse();
        softly.assertThat(entry.conditionalFields().size()).as(name).isPositive();
        assertValidatorsAreTheApplications(softly, name, entry.conditionalFields(), capture);
        assertNeverServedUnasked(softly, name, revalidating, request, capture);
      }
    }
    softly.assertAll();
    System.out.printf("generated inputs (seed %d): %d of %d stored only to be revalidated%n",
        GeneratedInput.SEED, addedByRevalidation, inputs.size());
    assertThat(addedByRevalidation).as("cases that only revalidation stores").isGreaterThan(inputs.size() / 100);
  }

  private static HttpCache revalidatingCache() {
    return HttpCache.builder()
        .clock(MutableClock.standingStill())
        .defaultTtl(Duration.ofSeconds(60))
        .maximumTtl(Duration.ofHours(1))
        .maximumEntries(16)
        .build();
  }

  private static CachedResponse withoutRevalidation(CachedResponse entry) {
    return entry.newBuilder().conditionalFields(ResponseHeaders.empty()).revalidationWindow(Duration.ZERO).build();
  }

  /** Each field sent is one well-formed validator the application itself set: one {@code ETag}, one date. */
  private static void assertValidatorsAreTheApplications(
      SoftAssertions softly, String name, ResponseHeaders fields, CapturedResponse capture) {
    Optional<String> ifNoneMatch = fields.first("If-None-Match");
    if (ifNoneMatch.isPresent()) {
      softly.assertThat(capture.headers("ETag")).as(name).hasSize(1);
      softly.assertThat(EntityTag.parse(ifNoneMatch.get())).as(name).isPresent();
      softly.assertThat(capture.headers("ETag").get(0).trim()).as(name).isEqualTo(ifNoneMatch.get());
    }
    Optional<String> ifModifiedSince = fields.first("If-Modified-Since");
    if (ifModifiedSince.isPresent()) {
      softly.assertThat(HttpDates.parse(ifModifiedSince.get())).as(name).isPresent();
      softly.assertThat(capture.headers("Last-Modified")).as(name).containsExactly(ifModifiedSince.get());
    }
  }

  /** Stored through the step, the entry is not served: the next request asks the application with it. */
  private static void assertNeverServedUnasked(
      SoftAssertions softly, String name, HttpCache cache, CacheRequest request, CapturedResponse capture) {
    PipelineStep step = cache.step();
    PipelineStep.Outcome first = step.before(request);
    if (!(first instanceof PipelineStep.Proceed miss)) {
      softly.fail(name + ": the first request was not a miss");
      return;
    }
    step.completed(miss.exchange(), capture);
    PipelineStep.Outcome next = step.before(request);
    softly.assertThat(next).as(name).isInstanceOf(PipelineStep.Proceed.class);
    if (next instanceof PipelineStep.Proceed revalidation && cache.stats().stores() == 1) {
      softly.assertThat(revalidation.exchange().conditionalFields().size()).as(name).isPositive();
    }
  }
}
