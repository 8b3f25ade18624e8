package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Reading wrk's output: the latency record its script prints becomes a histogram; its own report is skipped. The
 * script sends the run's header fields.
 */
class WrkLoadTest {

  @Test
  void latencyLinesBecomeAHistogramWithEveryCount() {
    String output = """
        Running 10s test @ http://127.0.0.1:40000/
          1 threads and 32 connections
        latency-us 250 600
        latency-us 400 300
        latency-us 9000 100
        Requests/sec:  99999.00
        """;

    Histogram latency = WrkLoad.latencies(output);

    assertThat(latency.getTotalCount()).isEqualTo(1000);
    assertThat(latency.getValueAtPercentile(50)).isEqualTo(250);
    assertThat(latency.valuesAreEquivalent(latency.getValueAtPercentile(85), 400)).isTrue();
    assertThat(latency.valuesAreEquivalent(latency.getMaxValue(), 9000)).isTrue();
  }

  @Test
  void theScriptSendsTheHeaderFieldsWithEveryRequestQuotedForLua() {
    String script = WrkLoad.script(() -> "/wiki/page-0", 4096, Map.of("Accept-Encoding", "gzip, br", "X-Odd", "a\"b\\c"));

    assertThat(script).contains("[\"Accept-Encoding\"] = \"gzip, br\",", "[\"X-Odd\"] = \"a\\\"b\\\\c\",",
        "return wrk.format(\"GET\", paths[next], headers)");
  }

  @Test
  void outputWithoutLatencyLinesGivesAnEmptyHistogram() {
    assertThat(WrkLoad.latencies("Requests/sec: 0.00\n").getTotalCount()).isZero();
  }
}
