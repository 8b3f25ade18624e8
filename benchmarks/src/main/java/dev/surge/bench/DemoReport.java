package dev.surge.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;

/**
 * The demo's outputs: a text table for the terminal, and one self-contained HTML page (charts inlined as PNG,
 * nothing fetched) that shows, per adapter, what Surge changed in a sentence and the surge second by second.
 */
final class DemoReport {

  private static final String STYLE = "body{font-family:sans-serif;max-width:1360px;margin:1em auto;color:#222}"
      + "h1{margin:.2em 0}h2{font-size:1.15em;margin:1em 0 .3em}.settings{color:#555;margin:.2em 0}"
      + ".row{display:flex;gap:12px}.swatch{display:inline-block;width:1.6em;height:.7em;margin:0 .3em}"
      + "pre{background:#f4f4f4;padding:.8em;font-size:12px}";

  private static final String REVALIDATION_EXPLAINED = "In the revalidation run the renderer keeps a version per"
      + " page, sends it as the page's ETag and answers a request whose If-None-Match names the current version"
      + " with a 304, without rendering. Once a stored page is stale, Surge asks the renderer with the stored"
      + " ETag; after a 304 it serves the stored page again. Without revalidation each of those 304s would have"
      + " been a full render.";

  private DemoReport() {}

  static String table(List<DemoResult> results) {
    StringBuilder table = new StringBuilder(DemoResult.header()).append('\n');
    results.forEach(result -> table.append(result.row()).append('\n'));
    table.append('\n');
    results.forEach(result -> result.countersLine().ifPresent(line -> table.append(line).append('\n')));
    return table.toString();
  }

  static void writeHtml(Path file, List<DemoResult> results, Optional<RevalidationResult> revalidation,
      String settings) throws IOException {
    DemoCharts charts = new DemoCharts(results);
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
        + "<title>Surge demo</title><style>" + STYLE + "</style></head><body>"
        + "<h1>Surge demo: a wiki in a surge</h1><p class=\"settings\">" + escape(settings) + "</p>"
        + "<p>" + swatch(DemoCharts.UNCACHED) + "without Surge " + swatch(DemoCharts.CACHED) + "with Surge."
        + " Scales are logarithmic; the dashed line ends the warm-up, the table counts what follows it; a second"
        + " in which no request completed has no point.</p>");
    for (String adapter : results.stream().map(DemoResult::adapter).distinct().toList()) {
      List<DemoResult> configurations = results.stream().filter(r -> r.adapter().equals(adapter)).toList();
      String heading = DemoConclusion.sentence(results, adapter).orElse(DemoConclusion.displayName(adapter));
      html.append("<h2>").append(escape(heading)).append("</h2><div class=\"row\">")
          .append(image(charts.throughput(configurations))).append(image(charts.latency(configurations)))
          .append(image(charts.rendersPerPage(configurations))).append("</div>");
    }
    revalidation.ifPresent(run -> html.append("<h2>").append(escape(DemoConclusion.sentence(run))).append("</h2><p>")
        .append(REVALIDATION_EXPLAINED).append("</p>"));
    String numbers = table(results) + revalidation.map(run -> run.row() + "\n").orElse("");
    html.append("<h2>All numbers</h2><pre>").append(escape(numbers)).append("</pre></body></html>");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static String image(XYChart chart) throws IOException {
    String png = Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
    return String.format(Locale.ROOT, "<img alt=\"%s\" width=\"%d\" height=\"%d\" src=\"data:image/png;base64,%s\">",
        escape(chart.getTitle()), chart.getWidth(), chart.getHeight(), png);
  }

  private static String swatch(Color colour) {
    return String.format(Locale.ROOT, "<span class=\"swatch\" style=\"background:#%06x\"></span>",
        colour.getRGB() & 0xFFFFFF);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
