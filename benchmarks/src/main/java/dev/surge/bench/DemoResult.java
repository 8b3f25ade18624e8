package dev.surge.bench;

import java.util.Locale;

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
 * @param mostRendersOfOnePage the most times one page was rendered, warm-up included
 * @param heapMegabytes heap in use after the run, after a collection
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
    int mostRendersOfOnePage,
    long heapMegabytes) {

  /** {@code jetty, surge} or {@code vertx, no cache}. */
  String label() {
    return adapter + (cached ? " + surge" : ", no cache");
  }

  static String header() {
    return String.format(Locale.ROOT, "%-20s %10s %9s %9s %9s %9s %7s %6s %9s %9s %8s", "configuration",
        "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "hits", "renders", "max/page", "heap MB");
  }

  String row() {
    return String.format(Locale.ROOT, "%-20s %10.0f %9.2f %9.2f %9.2f %9.1f %7d %5.1f%% %9d %9d %8d",
        label(), throughput, p50Millis, p90Millis, p99Millis, maxMillis, errors, hitRatio * 100, renders,
        mostRendersOfOnePage, heapMegabytes);
  }
}
