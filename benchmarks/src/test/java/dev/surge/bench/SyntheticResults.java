package dev.surge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Small made-up demo results with the shape of a real run: a slow cold server, a fast cached one. */
final class SyntheticResults {

  static final int PAGES = 300;
  static final Duration WARMUP = Duration.ofSeconds(3);

  private SyntheticResults() {}

  /** Without and with Surge for each of {@code adapters}; Surge renders each page once and is 20× faster. */
  static List<DemoResult> of(String... adapters) {
    List<DemoResult> results = new ArrayList<>();
    for (String adapter : adapters) {
      results.add(result(adapter, false, 600, 210, hotPagesRenderedOften()));
      results.add(result(adapter, true, 12_000, 3.1, everyPageOnce()));
    }
    return results;
  }

  /** One configuration serving {@code throughput} requests per second at a p99 of {@code p99Millis}. */
  static DemoResult result(String adapter, boolean cached, double throughput, double p99Millis,
      List<Integer> rendersPerPage) {
    List<SecondOfLoad> timeline = IntStream.rangeClosed(1, 13).mapToObj(second -> new SecondOfLoad(second,
        throughput * Math.min(1, second / 3.0), p99Millis * (second <= 2 ? 8 : 1))).toList();
    long renders = rendersPerPage.stream().mapToLong(Integer::longValue).sum();
    return new DemoResult(adapter, cached, throughput, p99Millis / 4, p99Millis / 2, p99Millis, p99Millis * 2, 0,
        cached ? 0.99 : 0, renders, 40, Optional.empty(), WARMUP, timeline, rendersPerPage);
  }

  /** A revalidation run: 300 renders (100 of them first renders) and 1,800 304s in 3 s of pages fresh for 1 s. */
  static RevalidationResult revalidation() {
    return new RevalidationResult("jetty", Duration.ofSeconds(1), Duration.ofSeconds(3), 12_000, 0, 300, 100, 1_800,
        1_800);
  }

  /** Zipf-like: page n rendered about 4,000 / (n + 1) times. */
  static List<Integer> hotPagesRenderedOften() {
    return IntStream.range(0, PAGES).map(page -> 4_000 / (page + 1)).boxed().toList();
  }

  static List<Integer> everyPageOnce() {
    return IntStream.range(0, PAGES).map(page -> 1).boxed().toList();
  }
}
