package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The harness's sweep, seconds long, on each adapter with the in-process load generator (CI has no wrk): both
 * servers answer every point, every measured request of the Surge server is a hit, and the table and chart are
 * written. Speed is not judged here; that is the harness's job.
 */
class HarnessSweepSmokeTest {

  @TempDir Path reports;

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void aShortSweepMeasuresEveryPointWithHitsOnlyAndWritesItsTableAndChart(String adapter) throws Exception {
    Harness harness = new Harness();
    new CommandLine(harness).parseArgs("--client", "vertx", "--runs", "1", "--duration", "PT1S", "--warmup",
        "PT0S", "--wake-up", "PT0.2S");
    List<Sweep.Point> points = Sweep.points(List.of(1, 20), List.of(4096));

    List<Sweep.Result> results;
    try (LoadGenerator load = new LoadGenerator()) {
      results = new Sweep(harness, load).run(adapter, points, List.of(4), false);
    }
    Path chart = SweepReport.write(reports, adapter, results);

    assertThat(results).extracting(result -> result.point().name())
        .containsExactly("hot 1 page", "zipf 20 pages", "uniform 20 pages", "hot 4 KB");
    assertThat(results).allSatisfy(result -> {
      assertThat(result.limit()).isPositive();
      assertThat(result.surge()).isPositive();
      assertThat(result.surgeRenders()).as("renders while measured: every request a hit").isZero();
    });
    assertThat(Files.size(chart)).isPositive();
    assertThat(Files.readAllLines(reports.resolve("sweep-" + adapter + ".md"))).hasSize(2 + points.size());
  }
}
