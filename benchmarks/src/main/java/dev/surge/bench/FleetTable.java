package dev.surge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The fleet surge's markdown table: one row per configuration, each number the median of its runs, each ratio
 * the median of the ratios to configuration (1) within one run; errors and wrong pages are the sums over every
 * run, so that one bad run is never hidden by a median.
 */
final class FleetTable {

  /** The column of renders per page, which the tests look for. */
  static final String RENDERS_PER_PAGE = "renders / page";
  /** The column of the most renders of one of the ten hottest pages. */
  static final String HOT_PAGE_RENDERS = "max renders, 10 hottest";

  private FleetTable() {}

  /** The table of {@code rounds}: each round holds one run of every configuration, in the same order. */
  static String markdown(List<List<FleetRun>> rounds) {
    StringBuilder table = new StringBuilder();
    table.append("| configuration | ").append(RENDERS_PER_PAGE).append(" | vs (1) | ").append(HOT_PAGE_RENDERS)
        .append(" | req/s | vs (1) | p50 ms | p99 ms | errors | wrong pages | leases / waits / served"
            + " | tier hits / timeouts / errors | local waits / timed out |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    int configurations = rounds.get(0).size();
    for (int column = 0; column < configurations; column++) {
      List<FleetRun> runs = new ArrayList<>();
      List<Optional<FleetRun>> baselines = new ArrayList<>();
      for (List<FleetRun> round : rounds) {
        runs.add(round.get(column));
        baselines.add(round.stream().filter(run -> run.configuration() == FleetConfiguration.PURGES).findFirst());
      }
      table.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.0f | %,.0f | %s | %.1f | %.1f | %,d | %,d"
              + " | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %.0f / %.0f |%n",
          runs.get(0).configuration().label(),
          median(runs, FleetRun::rendersPerPage), ratio(runs, baselines, FleetRun::rendersPerPage),
          median(runs, FleetRun::mostRendersOfAHotPage), median(runs, FleetRun::throughput),
          ratio(runs, baselines, FleetRun::throughput), median(runs, FleetRun::p50Millis),
          median(runs, FleetRun::p99Millis), runs.stream().mapToLong(FleetRun::errors).sum(),
          runs.stream().mapToLong(FleetRun::wrongPages).sum(), median(runs, run -> run.fleet().rendersClaimed()),
          median(runs, run -> run.fleet().waits()), median(runs, run -> run.fleet().waitsServed()),
          median(runs, run -> run.fleet().tierHits()), median(runs, run -> run.fleet().tierTimeouts()),
          median(runs, run -> run.fleet().tierErrors()), median(runs, run -> run.fleet().coalescedWaits()),
          median(runs, run -> run.fleet().coalescingTimeouts())));
    }
    return table.toString();
  }

  private static double median(List<FleetRun> runs, ToDoubleFunction<FleetRun> value) {
    double[] values = runs.stream().mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }

  /** The median ratio of {@code value} to the same run's baseline, or a dash without a baseline. */
  private static String ratio(List<FleetRun> runs, List<Optional<FleetRun>> baselines,
      ToDoubleFunction<FleetRun> value) {
    if (baselines.stream().anyMatch(Optional::isEmpty)) {
      return "-";
    }
    double[] ratios = new double[runs.size()];
    for (int run = 0; run < ratios.length; run++) {
      ratios[run] = value.applyAsDouble(runs.get(run)) / value.applyAsDouble(baselines.get(run).orElseThrow());
    }
    Arrays.sort(ratios);
    return String.format(Locale.ROOT, "%.2f", ratios[ratios.length / 2]);
  }
}
