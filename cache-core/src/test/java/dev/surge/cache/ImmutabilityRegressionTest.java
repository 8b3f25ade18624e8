package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import dev.surge.cache.internal.SecondChanceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seed's bug, pinned: conditional GET must never mutate the stored response. Thousands of interleaved
 * full, HEAD and conditional requests from several threads hit one entry; every 304 and HEAD must be
 * bodyless, every 200 byte-identical to what was rendered, and the stored entry unchanged at the end.
 */
class ImmutabilityRegressionTest {

  private static final String ETAG = "\"release-7\"";
  private static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";
  private static final int THREADS = 4;
  private static final int REQUESTS_PER_THREAD = 2_500;

  @Test
  void interleavedConditionalHeadAndFullRequestsNeverChangeTheStoredEntry() throws Exception {
    MutableClock clock = MutableClock.standingStill();
    RememberingStore store = new RememberingStore(clock);
    HttpCache cache = HttpCache.builder().clock(clock).store(store).build();
    PipelineStep step = cache.step();
    byte[] rendered = new byte[4096];
    new Random(7).nextBytes(rendered);
    PipelineStep.Exchange leader = ((Proceed) step.before(TestRequests.get("/page").build())).exchange();
    step.completed(leader, CapturedResponse.builder()
        .status(200)
        .header("ETag", ETAG)
        .header("Last-Modified", LAST_MODIFIED)
        .header("Content-Type", "application/octet-stream")
        .body(rendered)
        .build());
    CachedResponse stored = store.lastPut.orElseThrow();
    ResponseHeaders storedHeaders = stored.headers();

    List<String> violations = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Random random = new Random(t);
      workers.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
          check(step, random.nextInt(4), rendered, violations);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(violations).isEmpty();
    assertThat(store.lastPut).containsSame(stored);
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.bodyBytes()).isEqualTo(rendered);
    assertThat(stored.headers()).isEqualTo(storedHeaders);
    assertThat(stored.headers().contains("Age")).isFalse();
    assertThat(cache.stats().hits() + cache.stats().notModified()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
  }

  private static void check(PipelineStep step, int kind, byte[] rendered, List<String> violations) {
    TestRequests.Builder request =
        switch (kind) {
          case 0 -> TestRequests.get("/page");
          case 1 -> TestRequests.head("/page");
          case 2 -> TestRequests.get("/page").header("If-None-Match", ETAG);
          default -> TestRequests.get("/page").header("If-Modified-Since", LAST_MODIFIED);
        };
    Outcome outcome = step.before(request.build());
    if (!(outcome instanceof Answer answer)) {
      violations.add("kind " + kind + ": not answered from the cache: " + outcome);
      return;
    }
    CachedResponse response = answer.response();
    switch (kind) {
      case 0 -> {
        if (response.status() != 200 || !java.util.Arrays.equals(response.bodyBytes(), rendered)) {
          violations.add("full response differs from the render: " + response);
        }
      }
      case 1 -> {
        if (response.status() != 200 || response.bodyLength() != 0
            || !response.headers().first("Content-Length").equals(Optional.of("4096"))) {
          violations.add("HEAD view wrong: " + response);
        }
      }
      default -> {
        if (response.status() != 304 || response.bodyLength() != 0 || response.headers().contains("Content-Length")) {
          violations.add("304 view wrong: " + response);
        }
      }
    }
  }

  /** The default store, remembering the last entry put into it so the test can inspect that very object. */
  private static final class RememberingStore extends ForwardingStore {
    volatile Optional<CachedResponse> lastPut = Optional.empty();

    RememberingStore(MutableClock clock) {
      super(new SecondChanceStore(
          ByteSize.ofMegabytes(1), 100, Duration.ofHours(1), Long.MAX_VALUE, Duration.ofHours(1), clock));
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
      lastPut = Optional.of(response);
      super.put(key, response);
    }
  }
}
