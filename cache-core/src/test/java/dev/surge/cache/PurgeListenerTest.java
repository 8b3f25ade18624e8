package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The purge hook: what a purge listener hears, and purges applied from elsewhere without echo. */
class PurgeListenerTest {

  private final MutableClock clock = MutableClock.standingStill();
  private final List<Purge> heard = new CopyOnWriteArrayList<>();

  private HttpCache cacheWith(PurgeListener listener) {
    return HttpCache.builder().clock(clock).purgeListener(listener).build();
  }

  private static void store(HttpCache cache, String target, String... tags) {
    PipelineStep step = cache.step();
    Outcome outcome = step.before(TestRequests.get(target).build());
    assertThat(outcome).isInstanceOf(Proceed.class);
    CapturedResponse.Builder page = CapturedResponse.builder().status(200)
        .body(target.getBytes(StandardCharsets.UTF_8));
    if (tags.length > 0) {
      page.header("Surrogate-Key", String.join(" ", tags));
    }
    step.completed(((Proceed) outcome).exchange(), page.build());
  }

  private static boolean isHit(HttpCache cache, String target) {
    return cache.step().before(TestRequests.get(target).build()) instanceof PipelineStep.Answer;
  }

  @Test
  void eachPurgeMethodTellsTheListenerItsPurgeAfterApplyingIt() {
    HttpCache[] cache = new HttpCache[1];
    List<Long> entriesWhenHeard = new CopyOnWriteArrayList<>();
    cache[0] = cacheWith(purge -> {
      heard.add(purge);
      entriesWhenHeard.add(cache[0].stats().entries());
    });
    store(cache[0], "/docs/a", "team-a");

    cache[0].invalidate(URI.create("http://example.com/docs/a?x=1"));
    cache[0].invalidatePathPrefix("/docs/");
    cache[0].invalidateTag("team-a");
    cache[0].invalidateAll();

    CacheKey resource = new CacheKey("GET", "http", "example.com", "/docs/a", "x=1", Map.of());
    assertThat(heard).containsExactly(
        new Purge.Resource(resource), new Purge.PathPrefix("/docs/"), new Purge.Tag("team-a"), Purge.ALL);
    assertThat(entriesWhenHeard).first().isEqualTo(1L); // /docs/a without the query is another resource
    store(cache[0], "/docs/b");
    cache[0].invalidatePathPrefix("/docs/");
    assertThat(entriesWhenHeard).last().isEqualTo(0L);
  }

  @Test
  void appliedPurgesRemoveEntriesButAreNotToldToTheListener() {
    HttpCache cache = cacheWith(heard::add);
    store(cache, "/a", "t");
    store(cache, "/b/c");
    store(cache, "/d");
    store(cache, "/e");

    assertThat(cache.applyPurge(new Purge.Tag("t"))).isEqualTo(1);
    assertThat(cache.applyPurge(new Purge.PathPrefix("/b/"))).isEqualTo(1);
    assertThat(cache.applyPurge(new Purge.Resource(
        new CacheKey("GET", "http", "example.com", "/d", "", Map.of("accept", "x"))))).isEqualTo(1);

    assertThat(isHit(cache, "/a")).isFalse();
    assertThat(isHit(cache, "/b/c")).isFalse();
    assertThat(isHit(cache, "/d")).isFalse();
    assertThat(isHit(cache, "/e")).isTrue();
    assertThat(cache.applyPurge(Purge.ALL)).isEqualTo(1);
    assertThat(isHit(cache, "/e")).isFalse();
    assertThat(heard).isEmpty();
    assertThat(cache.stats().invalidations()).isEqualTo(4);
  }

  @Test
  void aPathPurgeRemovesThatPathAndQueryOnEveryHostAndTellsTheListener() {
    HttpCache cache = cacheWith(heard::add);
    PipelineStep step = cache.step();
    for (String host : List.of("example.com", "www.example.com:8080")) {
      for (String target : List.of("/articles/7", "/articles/7?x=1", "/articles/7/comments", "/articles/70")) {
        Outcome outcome = step.before(TestRequests.get(target).authority(host).build());
        step.completed(((Proceed) outcome).exchange(), CapturedResponse.builder().status(200).build());
      }
    }
    assertThat(cache.stats().entries()).isEqualTo(8);

    assertThat(cache.invalidatePath("/articles/7")).isEqualTo(2);
    assertThat(cache.invalidatePath("/articles/7?x=1")).isEqualTo(2);

    assertThat(heard).containsExactly(new Purge.Path("/articles/7", ""), new Purge.Path("/articles/7", "x=1"));
    assertThat(cache.stats().entries()).isEqualTo(4);
    assertThat(isHit(cache, "/articles/7/comments")).isTrue();
    assertThat(isHit(cache, "/articles/70")).isTrue();
  }

  @Test
  void aPathPurgeMatchesTheQueryAsKeysHoldIt() {
    HttpCache cache = HttpCache.builder().clock(clock).sortQueryParameters(true)
        .ignoredQueryParameters(java.util.Set.of("utm_*")).build();
    store(cache, "/s?b=2&a=1&utm_source=x");

    assertThat(cache.invalidatePath("/s?utm_campaign=y&b=2&a=1")).isEqualTo(1);
    assertThat(isHit(cache, "/s?a=1&b=2")).isFalse();
  }

  @Test
  void anAppliedPathPurgeRemovesEntriesWithoutTellingTheListener() {
    HttpCache cache = cacheWith(heard::add);
    store(cache, "/a");
    store(cache, "/a?q");

    assertThat(cache.applyPurge(new Purge.Path("/a", "q"))).isEqualTo(1);
    assertThat(isHit(cache, "/a")).isTrue();
    assertThat(isHit(cache, "/a?q")).isFalse();
    assertThat(heard).isEmpty();
  }

  @Test
  void aPathPurgeTakesOnlyAnOriginFormTarget() {
    HttpCache cache = cacheWith(heard::add);
    for (String target : List.of("", "articles/7", "http://example.com/a", "//example.com/a", "/a b", "/a\n",
        "/a#top", "/caf\u00e9", "/a?b c")) {
      assertThatThrownBy(() -> cache.invalidatePath(target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("starting with /");
    }
    assertThat(heard).isEmpty();
  }

  @Test
  void renderRunningDuringAnAppliedPurgeIsNotStored() {
    HttpCache cache = cacheWith(heard::add);
    Outcome inFlight = cache.step().before(TestRequests.get("/a").build());
    cache.applyPurge(new Purge.Tag("anything"));
    cache.step().completed(((Proceed) inFlight).exchange(), CapturedResponse.builder().status(200).build());

    assertThat(isHit(cache, "/a")).isFalse();
    assertThat(cache.stats().rejections(RejectReason.INVALIDATED)).isEqualTo(1);
  }

  @Test
  void successfulUnsafeRequestTellsTheListenerTheTargetItInvalidated() {
    HttpCache cache = cacheWith(heard::add);
    store(cache, "/a");
    PipelineStep step = cache.step();

    Outcome failedPost = step.before(TestRequests.post("/a").build());
    step.completed(((Proceed) failedPost).exchange(), CapturedResponse.builder().status(500).build());
    assertThat(heard).isEmpty();
    Outcome post = step.before(TestRequests.post("/a").build());
    step.completed(((Proceed) post).exchange(), CapturedResponse.builder().status(204).build());

    assertThat(heard).singleElement().isInstanceOfSatisfying(Purge.Resource.class,
        purge -> assertThat(purge.key().path()).isEqualTo("/a"));
  }

  @Test
  void unsafeRequestThatFailedInvalidatesNothingAndTellsNobody() {
    HttpCache cache = cacheWith(heard::add);
    store(cache, "/a");
    PipelineStep step = cache.step();

    Outcome post = step.before(TestRequests.post("/a").build());
    step.failed(((Proceed) post).exchange(), new java.io.IOException("rendering failed"));

    assertThat(isHit(cache, "/a")).isTrue();
    assertThat(heard).isEmpty();
  }

  @Test
  void aFailingListenerNeitherFailsNorUndoesTheLocalPurge() {
    HttpCache cache = cacheWith(purge -> {
      throw new IllegalStateException("bus down");
    });
    store(cache, "/a", "t");

    assertThat(cache.invalidateTag("t")).isEqualTo(1);
    assertThat(isHit(cache, "/a")).isFalse();
  }

  @Test
  void purgeValuesValidateTheirParts() {
    assertThatThrownBy(() -> cacheWith(heard::add).invalidatePathPrefix("docs")).hasMessageContaining("docs");
    assertThatThrownBy(() -> new Purge.Tag("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Purge.Resource(new CacheKey("GET", "http", "h", "/p", "", Map.of("a", "b"))).key().headers())
        .isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void defaultStoreIsTheStoreThisBuilderDescribes() {
    HttpCache.Builder builder = HttpCache.builder().clock(clock).recycleAfterRequests(3);
    ResponseStore memory = builder.defaultStore();
    HttpCache cache = builder.store(memory).build();
    store(cache, "/a");

    assertThat(isHit(cache, "/a")).isTrue();
    assertThat(isHit(cache, "/a")).isFalse(); // the third lookup recycled: the builder's option reached the store
    assertThat(memory.snapshot().recycles()).isEqualTo(1);
    assertThat(builder.defaultStore()).isNotSameAs(memory);
  }
}
