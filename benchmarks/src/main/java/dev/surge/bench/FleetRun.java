package dev.surge.bench;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What one configuration of the fleet surge measured in one run, across its three instances.
 *
 * @param configuration what the instances shared
 * @param requests requests answered
 * @param throughput requests answered per second
 * @param p50Millis median latency
 * @param p99Millis 99th percentile latency
 * @param errors non-200 answers and transport errors
 * @param wrongPages 200 answers whose body was not the page asked for
 * @param distinctPages pages requested at least once
 * @param rendersPerPage renders of the requested pages across the fleet, per page requested
 * @param mostRendersOfAHotPage the most renders across the fleet of one of the ten most popular pages
 * @param fleet the instances' counts added up (renders claimed for the fleet, waits, waits served)
 */
record FleetRun(FleetConfiguration configuration, long requests, double throughput, double p50Millis,
    double p99Millis, long errors, long wrongPages, int distinctPages, double rendersPerPage,
    int mostRendersOfAHotPage, FleetCounts fleet) {

  /** The pages of the Zipf load most often requested: page 0 is the most popular. */
  static final int HOT_PAGES = 10;

  /** The run of {@code configuration}: the load's {@code result}, the fleet's {@code counts}, the pages asked for. */
  static FleetRun of(FleetConfiguration configuration, LoadGenerator.Result result, FleetCounts counts,
      BitSet requested) {
    long renders = requested.stream().mapToLong(page -> counts.rendersPerPage().get(page)).sum();
    int distinct = requested.cardinality();
    int hottest = counts.rendersPerPage().stream().limit(HOT_PAGES).mapToInt(Integer::intValue).max().orElse(0);
    Histogram latency = result.latencyMicros();
    return new FleetRun(configuration, result.requests(), result.throughput(),
        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, result.errors(),
        result.wrongPages(), distinct, distinct == 0 ? 0 : (double) renders / distinct, hottest, counts);
  }
}
