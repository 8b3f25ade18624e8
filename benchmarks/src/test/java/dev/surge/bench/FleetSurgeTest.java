package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A few seconds of the fleet surge with real processes (a redis-server and three instance JVMs per
 * configuration), two configurations, purge fan-out only and fleet collapsing with Redis killed halfway: the
 * command runs, answers every request with the page asked for (Redis's death included), and writes a table with
 * a row per configuration and the renders-per-page columns; without sharing, no page renders more than once per
 * instance. Speed is not judged here.
 */
class FleetSurgeTest {

  @TempDir Path directory;

  @Test
  void shortFleetSurgeTabulatesRendersPerPageForEachConfiguration() throws Exception {
    Path out = directory.resolve("fleet.md");

    int exit = new CommandLine(new SurgeDemo()).execute("fleet", "--duration", "PT2S", "--runs", "1", "--pages",
        "50", "--connections", "8", "--configurations", "purges,redis_killed", "--out", out.toString());

    assertThat(exit).as("exit status: nonzero when a request failed or got the wrong page").isZero();
    List<String> lines = Files.readAllLines(out);
    List<String> header = cells(lines.stream().filter(line -> line.startsWith("| configuration |")).findFirst()
        .orElseThrow());
    assertThat(header).contains(FleetTable.RENDERS_PER_PAGE, FleetTable.HOT_PAGE_RENDERS, "errors", "wrong pages");
    List<String> rows = lines.stream().filter(line -> line.startsWith("| (")).toList();
    assertThat(rows).hasSize(2);
    assertThat(cells(rows.get(0)).get(0)).isEqualTo(FleetConfiguration.PURGES.label());
    assertThat(cells(rows.get(1)).get(0)).isEqualTo(FleetConfiguration.REDIS_KILLED.label());
    for (String row : rows) {
      assertThat(rendersPerPage(header, row)).as("every page asked for is rendered").isGreaterThanOrEqualTo(1.0);
      assertThat(hottestPageRenders(header, row)).isPositive();
      assertThat(cells(row).get(header.indexOf("wrong pages"))).isEqualTo("0");
    }
    String purgesOnly = rows.get(0);
    assertThat(rendersPerPage(header, purgesOnly)).as("without sharing, at most one render per instance")
        .isLessThanOrEqualTo(FleetSurge.INSTANCES);
    assertThat(hottestPageRenders(header, purgesOnly)).isLessThanOrEqualTo(FleetSurge.INSTANCES);
  }

  @Test
  void isPageAskedForReadsThePageNumberFromTheTitle() {
    WikiSite site = new WikiSite(20, 7);
    Buffer page12 = Buffer.buffer(site.render(WikiSite.PREFIX + 12).orElseThrow());

    assertThat(FleetSurge.isPageAskedFor(WikiSite.PREFIX + 12, page12)).isTrue();
    assertThat(FleetSurge.isPageAskedFor(WikiSite.PREFIX + 1, page12)).isFalse();
  }

  private static double rendersPerPage(List<String> header, String row) {
    return Double.parseDouble(cells(row).get(header.indexOf(FleetTable.RENDERS_PER_PAGE)));
  }

  private static int hottestPageRenders(List<String> header, String row) {
    return Integer.parseInt(cells(row).get(header.indexOf(FleetTable.HOT_PAGE_RENDERS)));
  }

  private static List<String> cells(String row) {
    String inner = row.strip().substring(1, row.strip().length() - 1);
    return Arrays.stream(inner.split("\\|")).map(String::strip).toList();
  }
}
