package dev.surge.cache;

import static dev.surge.cache.StepDriving.proceed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.contract.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A purge that lands while a render of the purged page is being stored is never undone: once the purge has
 * returned to its caller, the pre-purge render is not served. The store here holds each put at its door until
 * the test lets it through, so the purge is made to run inside the window between the step's checks and the
 * put, every time.
 */
class PurgeRaceTest {

  static Stream<Arguments> purges() {
    return Stream.of(
        Arguments.of("a purge of the URI", (Consumer<HttpCache>) cache -> cache.invalidate(URI.create("http://example.com/a"))),
        Arguments.of("a purge of a path prefix", (Consumer<HttpCache>) cache -> cache.invalidatePathPrefix("/")),
        Arguments.of("a purge of the path on every host", (Consumer<HttpCache>) cache -> cache.invalidatePath("/a")),
        Arguments.of("a purge of the path from another instance",
            (Consumer<HttpCache>) cache -> cache.applyPurge(new Purge.Path("/a", ""))),
        Arguments.of("a purge of a tag", (Consumer<HttpCache>) cache -> cache.invalidateTag("news")),
        Arguments.of("a purge of everything", (Consumer<HttpCache>) HttpCache::invalidateAll),
        Arguments.of("a purge from another instance",
            (Consumer<HttpCache>) cache -> cache.applyPurge(new Purge.PathPrefix("/a"))),
        Arguments.of("a successful unsafe request", (Consumer<HttpCache>) cache -> {
          PipelineStep step = cache.step();
          step.completed(proceed(step.before(TestRequests.post("/a").build())), CapturedResponse.builder().status(204).build());
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purges")
  void purgeDuringTheStoreOfARenderIsNeverUndone(String kind, Consumer<HttpCache> purge) throws Exception {
    MutableClock clock = MutableClock.standingStill();
    GatedStore store = new GatedStore(HttpCache.builder().clock(clock).defaultStore());
    HttpCache cache = HttpCache.builder().clock(clock).store(store).build();
    PipelineStep step = cache.step();
    PipelineStep.Exchange render = proceed(step.before(TestRequests.get("/a").build()));

    CompletableFuture<Void> storing = CompletableFuture.runAsync(() -> step.completed(render, CapturedResponse.builder()
        .status(200).header("Surrogate-Key", "news").body("before the purge".getBytes(StandardCharsets.UTF_8)).build()));
    assertThat(store.putReached.await(30, TimeUnit.SECONDS)).isTrue();
    Thread purging = new Thread(() -> purge.accept(cache), "purge");
    purging.start();
    // Either the purge returns while the put waits (the purge would be lost), or it waits for the put.
    await().atMost(Duration.ofSeconds(30))
        .until(() -> !purging.isAlive() || purging.getState() == Thread.State.WAITING);
    store.openDoor.countDown();
    storing.get(30, TimeUnit.SECONDS);
    purging.join(30_000);

    assertThat(purging.isAlive()).isFalse();
    assertThat(step.before(TestRequests.get("/a").build())).isNotInstanceOf(Answer.class);
  }

  /** A store whose puts wait at the door until the test opens it. */
  private static final class GatedStore extends ForwardingStore {
    final CountDownLatch putReached = new CountDownLatch(1);
    final CountDownLatch openDoor = new CountDownLatch(1);

    GatedStore(ResponseStore delegate) {
      super(delegate);
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
      putReached.countDown();
      try {
        if (!openDoor.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the door was never opened");
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
      super.put(key, response);
    }
  }
}
