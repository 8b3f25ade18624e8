package dev.surge.cache;

import static dev.surge.cache.StepDriving.next;
import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The step over a store with a shared tier, driven the way an adapter drives it, the tier played by the test:
 * memory misses are asked of the tier without blocking, once per render of this process, and the leading
 * request claims its render across the fleet and releases the claim after storing.
 */
class SharedTierStepTest {

  private final MutableClock clock = MutableClock.standingStill();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<SharedLookup>> fetches = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<RenderClaim>> claims = new CopyOnWriteArrayList<>();
  private final List<Duration> claimBounds = new CopyOnWriteArrayList<>();
  private ResponseStore memory;
  /** Whether the tier throws from fetch and claim instead of answering. */
  private boolean failing;
  /** Whether the tier claims renders across the fleet (collapsing on). */
  private boolean claiming = true;

  /** The tier as the test plays it: each call waits for the test to complete it. */
  private final SharedTier tier = new SharedTier() {
    @Override
    public CompletionStage<SharedLookup> fetch(CacheKey key) {
      if (failing) {
        throw new IllegalStateException("the tier broke its promise to answer");
      }
      events.add("fetch " + key.path() + key.headers());
      CompletableFuture<SharedLookup> answer = new CompletableFuture<>();
      fetches.add(answer);
      return answer;
    }

    @Override
    public CompletionStage<RenderClaim> claim(CacheKey key, Duration bound) {
      if (failing) {
        throw new IllegalStateException("the tier broke its promise to answer");
      }
      events.add("claim " + key.path());
      claimBounds.add(bound);
      CompletableFuture<RenderClaim> answer = new CompletableFuture<>();
      claims.add(answer);
      return answer;
    }

    @Override
    public boolean claimsRenders() {
      return claiming;
    }
  };

  private HttpCache cache(UnaryOperator<HttpCache.Builder> options) {
    HttpCache.Builder builder = options.apply(HttpCache.builder().clock(clock));
    memory = builder.defaultStore();
    return builder.store(new ForwardingStore(memory) {
      @Override
      public void put(CacheKey key, CachedResponse response) {
        events.add("put " + key.path());
        super.put(key, response);
      }

      @Override
      public Optional<SharedTier> sharedTier() {
        return Optional.of(tier);
      }
    }).build();
  }

  private static CapturedResponse page(String body, String... headers) {
    CapturedResponse.Builder page = CapturedResponse.builder().status(200).header("Cache-Control", "max-age=60");
    for (int i = 0; i < headers.length; i += 2) {
      page.header(headers[i], headers[i + 1]);
    }
    return page.body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static String body(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Answer.class);
    return new String(((Answer) outcome).response().bodyBytes(), StandardCharsets.UTF_8);
  }

  /** Asks {@code step} for {@code target}, which the tier misses: what the step does next is to claim it. */
  private Outcome claimAfterASharedMiss(PipelineStep step, String target) throws Exception {
    Outcome asking = step.before(TestRequests.get(target).build());
    fetches.get(fetches.size() - 1).complete(new SharedLookup.Missing());
    return next(asking);
  }

  /** What another process rendered and stored for {@code target}, as the tier gives it: not in this memory. */
  private CachedResponse renderedElsewhere(String target, String body) {
    return renderedElsewhere(TestRequests.get(target).build(), page(body));
  }

  private CachedResponse renderedElsewhere(CacheRequest request, CapturedResponse response) {
    List<CachedResponse> stored = new CopyOnWriteArrayList<>();
    HttpCache other = HttpCache.builder().clock(clock).store(new ForwardingStore(HttpCache.builder().defaultStore()) {
      @Override
      public void put(CacheKey key, CachedResponse entry) {
        stored.add(entry);
      }
    }).build();
    PipelineStep.Exchange render = proceed(other.step().before(request));
    other.step().completed(render, response);
    return stored.get(0);
  }

  @Test
  void aMemoryMissAwaitsTheSharedTierAndIsServedWhatItFound() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());

    Outcome asking = cache.step().before(TestRequests.get("/a").build());
    assertThat(asking).isInstanceOf(Await.class);
    fetches.get(0).complete(new SharedLookup.Found(renderedElsewhere("/a", "rendered by another process")));

    assertThat(body(next(asking))).isEqualTo("rendered by another process");
    assertThat(claims).isEmpty();
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isZero();
  }

  @Test
  void aSharedMissClaimsTheRenderAndReleasesItOnlyAfterStoring() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ofSeconds(3)));
    PipelineStep step = cache.step();

    Outcome claiming = claimAfterASharedMiss(step, "/a");
    // three quarters of what is left of this process's own wait, so that its waiters still wait when it ends
    assertThat(claimBounds).hasSize(1);
    assertThat(claimBounds.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2250));
    claims.get(0).complete(new RenderClaim.Granted(() -> events.add("release /a")));
    PipelineStep.Exchange render = proceed(next(claiming));
    assertThat(events).containsExactly("fetch /a{}", "claim /a");

    step.completed(render, page("rendered here"));

    assertThat(events).containsExactly("fetch /a{}", "claim /a", "put /a", "release /a");
    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("rendered here");
    assertThat(fetches).hasSize(1);
  }

  @Test
  void theClaimIsReleasedWhenTheRenderFails() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome claiming = claimAfterASharedMiss(step, "/a");
    claims.get(0).complete(new RenderClaim.Granted(() -> events.add("release /a")));
    PipelineStep.Exchange render = proceed(next(claiming));

    step.failed(render, new IllegalStateException("render threw"));

    assertThat(events).containsExactly("fetch /a{}", "claim /a", "release /a");
  }

  @Test
  void whenTheWaitForTheFleetRunsOutTheRequestsWaitingHereWaitOnForThisProcesssRender() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ofSeconds(1)));
    PipelineStep step = cache.step();
    Outcome claiming = claimAfterASharedMiss(step, "/a");
    Outcome waiting = step.before(TestRequests.get("/a").build());

    // the tier waits for the other process's render as long as it was told to, and it never comes
    claims.get(0).completeOnTimeout(new RenderClaim.Alone(), claimBounds.get(0).toNanos(), TimeUnit.NANOSECONDS);
    PipelineStep.Exchange render = proceed(next(claiming));
    Outcome waitingAgain = next(waiting);

    assertThat(waitingAgain).as("waits behind the render handed over").isInstanceOf(Await.class);
    step.completed(render, page("rendered once"));
    assertThat(body(next(waitingAgain))).isEqualTo("rendered once");
    assertThat(fetches).hasSize(1);
  }

  @Test
  void requestsArrivingWhileThisProcessAsksTheTierWaitForItsRenderWithoutAskingAgain() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome claiming = claimAfterASharedMiss(step, "/a");

    Outcome second = step.before(TestRequests.get("/a").build());
    claims.get(0).complete(new RenderClaim.Granted(() -> events.add("release /a")));
    step.completed(proceed(next(claiming)), page("rendered once"));

    assertThat(body(next(second))).isEqualTo("rendered once");
    assertThat(fetches).hasSize(1);
    assertThat(claims).hasSize(1);
  }

  @Test
  void aRenderElsewhereEndsThisProcesssRenderUnrunAndServesItsWaitersToo() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome claiming = claimAfterASharedMiss(step, "/a");
    Outcome second = step.before(TestRequests.get("/a").build());
    CachedResponse elsewhere = renderedElsewhere("/a", "rendered by another process");

    claims.get(0).complete(new RenderClaim.RenderedElsewhere(elsewhere));
    assertThat(body(next(claiming))).isEqualTo("rendered by another process");
    // this memory did not keep it (a full store may refuse it): the waiter asks the tier, and claims nothing
    Outcome askingAgain = next(second);
    fetches.get(1).complete(new SharedLookup.Found(elsewhere));

    assertThat(body(next(askingAgain))).isEqualTo("rendered by another process");
    assertThat(claims).hasSize(1);
    assertThat(cache.stats().misses()).isZero();
  }

  @Test
  void requestsMissingWhileTheFirstAsksTheTierShareItsAnswer() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome first = step.before(TestRequests.get("/a").build());
    Outcome second = step.before(TestRequests.get("/a").build());

    fetches.get(0).complete(new SharedLookup.Found(renderedElsewhere("/a", "rendered by another process")));

    assertThat(body(next(first))).isEqualTo("rendered by another process");
    assertThat(body(next(second))).isEqualTo("rendered by another process");
    assertThat(fetches).hasSize(1);
  }

  @Test
  void aTierThatThrowsInsteadOfAnsweringCostsARenderAndNothingElse() throws Exception {
    failing = true;
    HttpCache cache = cache(UnaryOperator.identity());

    Outcome fetching = cache.step().before(TestRequests.get("/a").build());
    PipelineStep.Exchange render = proceed(next(next(fetching))); // the fetch, then the claim, both thrown

    assertThat(render.capturesBody()).isTrue();
    cache.step().completed(render, page("rendered"));
    assertThat(body(cache.step().before(TestRequests.get("/a").build()))).isEqualTo("rendered");
  }

  @Test
  void anUnclaimedRenderAndAFailingTierRenderWithoutWaitingForAnything() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome first = step.before(TestRequests.get("/a").build());
    fetches.get(0).completeExceptionally(new IllegalStateException("the tier broke its promise"));
    Outcome claiming = next(first);
    claims.get(0).complete(new RenderClaim.Alone());
    PipelineStep.Exchange render = proceed(next(claiming));

    step.completed(render, page("rendered alone"));

    assertThat(events).containsExactly("fetch /a{}", "claim /a", "put /a");
    assertThat(body(step.before(TestRequests.get("/a").build()))).isEqualTo("rendered alone");
  }

  @Test
  void withoutCoalescingNothingIsClaimed() throws Exception {
    HttpCache cache = cache(options -> options.coalescingTimeout(Duration.ZERO));
    Outcome asking = cache.step().before(TestRequests.get("/a").build());
    fetches.get(0).complete(new SharedLookup.Missing());

    proceed(next(asking));

    assertThat(claims).isEmpty();
  }

  @Test
  void aVaryLearntFromTheTierIsAskedForOnceMoreUnderTheVariantKey() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    CacheRequest french = TestRequests.get("/a").header("Accept-Language", "fr").build();

    Outcome asking = cache.step().before(french);
    fetches.get(0).complete(new SharedLookup.VariesBy(List.of("Accept-Language")));
    Outcome askingForTheVariant = next(asking);
    fetches.get(1).complete(
        new SharedLookup.Found(renderedElsewhere(french, page("bonjour", "Vary", "Accept-Language"))));

    assertThat(body(next(askingForTheVariant))).isEqualTo("bonjour");
    assertThat(events).containsExactly("fetch /a{}", "fetch /a{accept-language=fr}");
  }

  @Test
  void aVaryIsLearntFromTheTierOnlyOnceAndNeverAStar() throws Exception {
    HttpCache cache = cache(UnaryOperator.identity());
    PipelineStep step = cache.step();
    Outcome asking = step.before(TestRequests.get("/a").header("Accept-Language", "fr").build());
    fetches.get(0).complete(new SharedLookup.VariesBy(List.of("Accept-Language")));
    Outcome again = next(asking);
    fetches.get(1).complete(new SharedLookup.VariesBy(List.of("Accept-Language")));
    assertThat(next(again)).isInstanceOf(Await.class);
    assertThat(claims).hasSize(1);

    Outcome star = step.before(TestRequests.get("/b").build());
    fetches.get(2).complete(new SharedLookup.VariesBy(List.of("*")));
    assertThat(next(star)).isInstanceOf(Await.class);
    assertThat(claims).hasSize(2);
    assertThat(fetches).hasSize(3);
  }

  @Test
  void aTierThatDoesNotCollapseRendersIsNeverAskedToClaim() throws Exception {
    claiming = false;
    HttpCache cache = cache(UnaryOperator.identity());
    Outcome asking = cache.step().before(TestRequests.get("/a").build());
    fetches.get(0).complete(new SharedLookup.Missing());

    proceed(next(asking));

    assertThat(claims).isEmpty();
  }
}
