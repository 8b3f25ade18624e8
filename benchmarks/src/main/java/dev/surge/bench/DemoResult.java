package dev.surge.bench;

import dev.surge.cache.CacheStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One configuration's measurements in the surge demo.
 *
 * @param adapter the adapter serving the wiki
 * @param cached whether Surge was in front
 * @param throughput responses per second
 * @param p50Millis median latency
 * @param p90Millis 90th percentile latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis the slowest response
 * @param errors failed requests or non-200 answers
 * @param hitRatio the cache's hits over lookups (0 without a cache)
 * @param renders how many times the wiki rendered a page
 * @param heapMegabytes heap in use after the run, after a collection
 * @param cacheCounters the cache's counters at the end, warm-up included; empty without a cache
 * @param warmup when the measurement started on the timeline, after the unmeasured warm-up load
 * @param timeline throughput and p99 latency second by second, from the first second of the warm-up on
 * @param rendersPerPage how many times each page was rendered, warm-up included, by page number (page 0 is
 *     the most popular)
 */
record DemoResult(
    String adapter,
    boolean cached,
    double throughput,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double maxMillis,
    long errors,
    double hitRatio,
    long renders,
    long heapMegabytes,
    Optional<CacheStats> cacheCounters,
    Duration warmup,
    List<SecondOfLoad> timeline,
    List<Integer> rendersPerPage) {

  DemoResult {
    timeline = List.copyOf(timeline);
    rendersPerPage = List.copyOf(rendersPerPage);
  }

  /** {@code jetty, surge} or {@code vertx, no cache}. */
  String label() {
    return adapter + (cached ? " + surge" : ", no cache");
  }

  /** The most times one page was rendered, warm-up included. */
  int mostRendersOfOnePage() {
    return rendersPerPage.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /**
   * What the cache did, warm-up included, to read beside {@code max/page}: pages stored, renders not stored,
   * requests that waited for another's render and waits that ran out; empty without a cache.
   */
  Optional<String> countersLine() {
    return cacheCounters.map(stats -> String.format(Locale.ROOT,
        "%s: %,d stored, %,d not stored, %,d waited for another request's render (%,d waits timed out)",
        label(), stats.stores(), stats.totalRejections(), stats.coalescedWaits(), stats.coalescingTimeouts()));
  }

  static String header() {
    return String.format(Locale.ROOT, "%-20s %10s %9s %9s %9s %9s %7s %6s %9s %9s %8s", "configuration",
        "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "hits", "renders", "max/page", "heap MB");
  }

  String row() {
    return String.format(Locale.ROOT, "%-20s %10.0f %9.2f %9.2f %9.2f %9.1f %7d %5.1f%% %9d %9d %8d",
        label(), throughput, p50Millis, p90Millis, p99Millis, maxMillis, errors, hitRatio * 100, renders,
        mostRendersOfOnePage(), heapMegabytes);
  }
}
