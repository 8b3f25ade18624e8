package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.AttackSuite;
import dev.surge.cache.contract.MutableClock;
import dev.surge.cache.contract.RetainedHeap;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache-busting flood at full size, driving the pipeline step directly (the adapters' contract runs a
 * smaller one through real servers, see {@link AttackSuite}): 200,000 unique query strings at one page while a
 * hot page keeps being asked for, under a 512 KiB bound.
 */
class CacheBustingFloodTest {

  private static final int ROUND = 100_000;
  private static final int HOT_EVERY = 50;

  private final Map<String, Integer> renders = new HashMap<>();
  private final HttpCache cache = HttpCache.builder()
      .clock(MutableClock.standingStill())
      .maximumBytes(AttackSuite.FLOOD_BOUND)
      .maximumEntryBytes(ByteSize.ofKilobytes(64))
      .recycleAfterRequests(Long.MAX_VALUE)
      .build();

  @Test
  void twoHundredThousandUniqueUrlsNeitherDisplaceTheHotPageNorGrowTheHeapPastTheBound() {
    request("/pages/hot");
    flood("bust");
    long afterOneRound = RetainedHeap.of(cache);
    long hitsAfterOneRound = cache.stats().hits();
    flood("again");
    long afterTwoRounds = RetainedHeap.of(cache);

    assertThat(renders.get("/pages/hot")).isEqualTo(1);
    assertThat(cache.stats().hits() - hitsAfterOneRound).isEqualTo(ROUND / HOT_EVERY);
    long floodMisses = 2L * (ROUND - ROUND / HOT_EVERY);
    assertThat(cache.stats().misses()).isEqualTo(1 + floodMisses);
    assertThat(cache.stats().rejections(RejectReason.RARELY_USED))
        .as("flood pages not even copied, asked for once while the store was full")
        .isGreaterThan(floodMisses * 9 / 10);
    assertThat(cache.stats().bytes()).isLessThanOrEqualTo(AttackSuite.FLOOD_BOUND);
    long allowed = AttackSuite.FLOOD_BOUND.bytes() + AttackSuite.FIXED_OVERHEAD.bytes();
    assertThat(afterOneRound).as("retained bytes after %s requests", ROUND).isLessThanOrEqualTo(allowed);
    assertThat(afterTwoRounds).as("retained bytes after %s requests", 2 * ROUND).isLessThanOrEqualTo(allowed);
    assertThat(afterTwoRounds).as("growth from round one to two")
        .isLessThanOrEqualTo(afterOneRound + AttackSuite.FLOOD_BOUND.bytes() / 8);
  }

  private void flood(String parameter) {
    for (int index = 0; index < ROUND; index++) {
      request(index % HOT_EVERY == 0 ? "/pages/hot" : "/pages/flood?" + parameter + "=" + index);
    }
  }

  /** One request through the step: answered from the cache, or rendered and reported. */
  private void request(String target) {
    PipelineStep step = cache.step();
    Outcome outcome = step.before(TestRequests.get(target).build());
    if (outcome instanceof Answer) {
      return;
    }
    String path = target.split("\\?")[0];
    int render = renders.merge(path, 1, Integer::sum);
    byte[] body = ("page " + path + " render " + render).getBytes(StandardCharsets.UTF_8);
    step.completed(((Proceed) outcome).exchange(),
        CapturedResponse.builder().status(200).header("Content-Type", "text/plain;charset=utf-8").body(body).build());
  }
}
