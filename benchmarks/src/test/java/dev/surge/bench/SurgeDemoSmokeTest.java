package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A few-second run of the surge demo, as CI runs it: it starts every adapter, serves hits under load, and
 * writes its report. Speed is not judged here; that is the demo's and the benchmarks' job.
 */
class SurgeDemoSmokeTest {

  @TempDir Path reports;

  @Test
  void shortDemoServesHitsOnEveryAdapterAndWritesItsReport() throws Exception {
    Path report = reports.resolve("demo.html");
    SurgeDemo demo = new SurgeDemo();
    new CommandLine(demo).parseArgs(
        "--duration", "PT1S", "--warmup", "PT0S", "--connections", "8", "--pages", "50", "--report", report.toString(),
        "--revalidation-run", "PT1S", "--revalidation-ttl", "PT0.2S");

    List<DemoResult> results = demo.run();
    Optional<RevalidationResult> revalidation = demo.revalidationRun();
    DemoReport.writeHtml(report, results, revalidation, "smoke");

    assertThat(results).extracting(DemoResult::label)
        .containsExactly("jetty, no cache", "jetty + surge", "spring, no cache", "spring + surge", "vertx, no cache",
            "vertx + surge");
    assertThat(results).allSatisfy(result -> {
      assertThat(result.errors()).isZero();
      assertThat(result.throughput()).isPositive();
    });
    assertThat(results).filteredOn(DemoResult::cached).allSatisfy(result -> {
      assertThat(result.hitRatio()).isPositive();
      assertThat(result.renders()).isLessThanOrEqualTo(50);
      assertThat(result.mostRendersOfOnePage()).as("renders of one page: coalescing under load").isEqualTo(1);
      assertThat(result.cacheCounters()).hasValueSatisfying(
          counters -> assertThat(counters.totalRejections()).as("renders not stored").isZero());
    });
    assertThat(revalidation).hasValueSatisfying(run -> {
      assertThat(run.adapter()).isEqualTo("jetty");
      assertThat(run.errors()).isZero();
      assertThat(run.notModifiedAnswers()).as("stale pages the renderer answered with a 304").isPositive();
      assertThat(run.revalidated()).as("the cache's own count of them").isPositive();
      assertThat(run.firstRenders()).isBetween(0L, run.renders());
    });
    assertThat(Files.readString(report)).contains("data:image/png;base64,").contains("vertx + surge: ")
        .contains(" not stored, ").contains("Revalidation, Jetty: ");
  }

  @Test
  void helpDescribesTheCommand() {
    String help = new CommandLine(new SurgeDemo()).getUsageMessage();

    assertThat(help).contains("--duration").contains("--adapters").contains("serve");
  }
}
