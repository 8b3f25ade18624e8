package dev.surge.bench;

import org.HdrHistogram.Histogram;

/**
 * One second of a load run, read from that second's HdrHistogram interval.
 *
 * @param atSeconds when the second ended, counted from the start of the run
 * @param requestsPerSecond responses completed in the second, per second
 * @param p99Millis the 99th percentile latency of those responses; 0 when none completed
 */
record SecondOfLoad(double atSeconds, double requestsPerSecond, double p99Millis) {

  /** The second whose latencies (in microseconds) are {@code interval}, from {@code fromNanos} to {@code toNanos}. */
  static SecondOfLoad of(Histogram interval, long runStartNanos, long fromNanos, long toNanos) {
    double length = (toNanos - fromNanos) / 1e9;
    double p99 = interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0;
    return new SecondOfLoad((toNanos - runStartNanos) / 1e9, interval.getTotalCount() / length, p99);
  }

  /** The same second, {@code seconds} later on the time axis. */
  SecondOfLoad shiftedBy(double seconds) {
    return new SecondOfLoad(atSeconds + seconds, requestsPerSecond, p99Millis);
  }

  /** Whether any response completed in this second (else it has no latency to show). */
  boolean answered() {
    return requestsPerSecond > 0;
  }
}
