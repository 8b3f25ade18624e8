package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.PipelineStep.Proceed;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheStatsTest {

  @Test
  void snapshotDoesNotChangeWhenTheCacheGoesOn() {
    HttpCache cache = HttpCache.builder().build();
    PipelineStep step = cache.step();
    step.before(TestRequests.post("/a").build());
    CacheStats before = cache.stats();
    step.before(TestRequests.post("/a").build());

    assertThat(before.bypasses(BypassReason.METHOD)).isEqualTo(1);
    assertThat(cache.stats().bypasses(BypassReason.METHOD)).isEqualTo(2);
    assertThatThrownBy(() -> before.bypasses().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void snapshotCannotBeChangedThroughTheMapsItWasBuiltFrom() {
    Map<BypassReason, Long> bypasses = new HashMap<>(Map.of(BypassReason.METHOD, 1L));
    CacheStats stats = new CacheStats(0, 0, 0, 0, 0, 0, 0, bypasses, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, ByteSize.ofBytes(0));
    bypasses.put(BypassReason.METHOD, 5L);

    assertThat(stats.bypasses(BypassReason.METHOD)).isEqualTo(1);
  }

  @Test
  void countsHitsMissesStoresRejectionsAndTheHitRatio() {
    HttpCache cache = HttpCache.builder().build();
    PipelineStep step = cache.step();
    PipelineStep.Exchange miss = ((Proceed) step.before(TestRequests.get("/a").build())).exchange();
    step.completed(miss, CapturedResponse.builder().status(200).body(new byte[] {1}).build());
    step.before(TestRequests.get("/a").build());
    step.before(TestRequests.get("/a").build());
    step.before(TestRequests.get("/a").build());
    PipelineStep.Exchange error = ((Proceed) step.before(TestRequests.get("/b").build())).exchange();
    step.completed(error, CapturedResponse.builder().status(500).build());

    CacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(3);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.stores()).isEqualTo(1);
    assertThat(stats.rejections(RejectReason.STATUS)).isEqualTo(1);
    assertThat(stats.entries()).isEqualTo(1);
    assertThat(stats.bytes().bytes()).isPositive();
    assertThat(stats.hitRatio()).isEqualTo(0.6);
  }

  @Test
  void totalRejectionsAddsEveryReason() {
    CacheStats stats = new CacheStats(0, 0, 0, 0, 0, 0, 0, Map.of(),
        Map.of(RejectReason.STATUS, 2L, RejectReason.NO_STORE, 3L), 0, 0, 0, 0, 0, 0, 0, 0, ByteSize.ofBytes(0));

    assertThat(stats.totalRejections()).isEqualTo(5);
  }
}
