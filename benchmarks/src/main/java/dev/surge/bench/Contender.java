package dev.surge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One server of a row in one or more processes, kept up for the whole row, and its measured runs in turn
 * order (with several processes, the middle of their runs in that turn).
 */
final class Contender<T> {
  final List<RunningTarget> targets;
  final List<T> runs = new ArrayList<>();
  /** Each turn's runs as printed: one per process. */
  final List<String> shown = new ArrayList<>();
  /** Each process's warm-up rounds. */
  final List<Integer> warmups = new ArrayList<>();
  /** The latency of every request of the measured runs, in microseconds (hot and zipf rows). */
  final Histogram latencyMicros = new Histogram(3);

  Contender(List<RunningTarget> targets) {
    this.targets = List.copyOf(targets);
  }

  /** What the server is: constant, nocache, surge, ... */
  String label() {
    return targets.get(0).label();
  }

  /** The median over the runs of {@code value}. */
  double median(ToDoubleFunction<T> value) {
    double[] values = runs.stream().mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }

  /** The median, over the turns, of this server's {@code value} over {@code baseline}'s in the same turn. */
  double medianRatioTo(Contender<T> baseline, ToDoubleFunction<T> value) {
    double[] ratios = new double[runs.size()];
    for (int turn = 0; turn < ratios.length; turn++) {
      ratios[turn] = value.applyAsDouble(runs.get(turn)) / value.applyAsDouble(baseline.runs.get(turn));
    }
    Arrays.sort(ratios);
    return ratios[ratios.length / 2];
  }

  /** The median of {@code values}; of an even number of them, the mean of the middle two. */
  static double middle(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int half = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  }
}
