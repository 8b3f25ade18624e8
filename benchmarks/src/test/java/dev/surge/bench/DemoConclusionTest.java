package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoConclusionTest {

  @Test
  void oneSentencePerAdapterStatesThroughputRatioP99BeforeAndAfterAndRendersPerPage() {
    List<String> sentences = DemoConclusion.sentences(SyntheticResults.of("jetty", "vertx"));

    assertThat(sentences).containsExactly(
        "Jetty: 20× the throughput with Surge, p99 210 → 3.1 ms, every page rendered once (the hottest 4,000 times"
            + " without)",
        "Vert.x: 20× the throughput with Surge, p99 210 → 3.1 ms, every page rendered once (the hottest 4,000"
            + " times without)");
  }

  @Test
  void aPageRenderedMoreThanOnceWithSurgeIsCountedAndASmallGainKeepsADecimal() {
    List<DemoResult> results = List.of(
        SyntheticResults.result("spring", false, 1_000, 12.5, SyntheticResults.hotPagesRenderedOften()),
        SyntheticResults.result("spring", true, 2_345, 0.4249, List.of(3, 1, 1)));

    assertThat(DemoConclusion.sentences(results)).containsExactly(
        "Spring: 2.3× the throughput with Surge, p99 13 → 0.42 ms, at most 3 renders of one page (the hottest"
            + " 4,000 times without)");
  }

  @Test
  void latenciesAreWholeMillisecondsFromTenUpWithThousandsSeparated() {
    assertThat(DemoConclusion.millis(9_699.33)).isEqualTo("9,699");
    assertThat(DemoConclusion.millis(12.5)).isEqualTo("13");
    assertThat(DemoConclusion.millis(3.14)).isEqualTo("3.1");
    assertThat(DemoConclusion.millis(0.4249)).isEqualTo("0.42");
  }

  @Test
  void failedRequestsAreStated() {
    DemoResult plain = SyntheticResults.result("jetty", false, 100, 50, List.of(9));
    DemoResult failing = new DemoResult("jetty", true, 1_000, 1, 1, 5, 9, 7, 0.9, 1, 40,
        Optional.empty(), SyntheticResults.WARMUP, List.of(), List.of(1));

    assertThat(DemoConclusion.sentences(List.of(plain, failing))).singleElement().asString()
        .endsWith("; 7 requests failed");
  }

  @Test
  void anAdapterMeasuredOnlyOneWayGetsNoSentence() {
    List<DemoResult> results = List.of(SyntheticResults.result("jetty", true, 100, 1, List.of(1)));

    assertThat(DemoConclusion.sentences(results)).isEmpty();
  }

  @Test
  void theRevalidationSentenceSetsRendersAgainstRenderingEveryStalePageAgain() {
    assertThat(DemoConclusion.sentence(SyntheticResults.revalidation())).isEqualTo(
        "Revalidation, Jetty: pages rendered before were rendered 200 times instead of 2,000 (10× fewer; all renders"
            + " 300 instead of 2,100 in 3 s, pages fresh for 1 s, 1 in 20 changing every 1 s; the renderer answered"
            + " 1,800 stale pages with a 304, Surge counted 1,800 revalidated)");
  }

  @Test
  void aRevalidationRunWithoutA304SavedNothingAndOneWithoutRendersIsNotDividedByZero() {
    RevalidationResult none = new RevalidationResult("vertx", Duration.ofMillis(500), Duration.ofSeconds(2), 900, 3,
        40, 10, 0, 0);
    RevalidationResult all = new RevalidationResult("spring", Duration.ofSeconds(1), Duration.ofSeconds(3), 900, 0,
        5, 5, 70, 70);
    RevalidationResult one = new RevalidationResult("jetty", Duration.ofSeconds(1), Duration.ofSeconds(3), 900, 0,
        6, 5, 70, 70);

    assertThat(DemoConclusion.sentence(none)).startsWith("Revalidation, Vert.x: pages rendered before were rendered 30"
        + " times instead of 30 (none saved; all renders 40 instead of 40 in 2 s, pages fresh for 0.5 s,")
        .endsWith("; 3 requests failed");
    assertThat(DemoConclusion.sentence(all)).startsWith("Revalidation, Spring: pages rendered before were rendered 0"
        + " times instead of 70 (every one saved; all renders 5 instead of 75 in 3 s");
    assertThat(DemoConclusion.sentence(one)).startsWith("Revalidation, Jetty: pages rendered before were rendered once"
        + " instead of 71 (71× fewer;");
  }
}
