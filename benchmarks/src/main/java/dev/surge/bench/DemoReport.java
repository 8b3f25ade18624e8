package dev.surge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The demo's outputs: a text table for the terminal and an HTML page with charts drawn by XChart. */
final class DemoReport {

  private DemoReport() {}

  static String table(List<DemoResult> results) {
    StringBuilder table = new StringBuilder(DemoResult.header()).append('\n');
    results.forEach(result -> table.append(result.row()).append('\n'));
    table.append('\n');
    results.forEach(result -> result.countersLine().ifPresent(line -> table.append(line).append('\n')));
    return table.toString();
  }

  static void writeHtml(Path file, List<DemoResult> results, String settings) throws IOException {
    List<String> labels = results.stream().map(DemoResult::label).toList();
    CategoryChart throughput = new CategoryChartBuilder().width(800).height(400)
        .title("Throughput during the surge").yAxisTitle("responses per second").build();
    throughput.getStyler().setLegendVisible(false);
    throughput.addSeries("req/s", labels, results.stream().map(DemoResult::throughput).toList());
    CategoryChart latency = new CategoryChartBuilder().width(800).height(400)
        .title("Latency percentiles").yAxisTitle("milliseconds").build();
    latency.addSeries("p50", labels, results.stream().map(DemoResult::p50Millis).toList());
    latency.addSeries("p90", labels, results.stream().map(DemoResult::p90Millis).toList());
    latency.addSeries("p99", labels, results.stream().map(DemoResult::p99Millis).toList());
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Surge demo</title>"
        + "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}"
        + "pre{background:#f4f4f4;padding:1em}</style></head><body>"
        + "<h1>Surge demo: a wiki in a surge</h1><p>" + escape(settings) + "</p>"
        + "<pre>" + escape(table(results)) + "</pre>"
        + image(throughput) + image(latency)
        + "</body></html>";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static String image(CategoryChart chart) throws IOException {
    String png = Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
    return String.format(Locale.ROOT, "<p><img alt=\"%s\" src=\"data:image/png;base64,%s\"></p>",
        escape(chart.getTitle()), png);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
