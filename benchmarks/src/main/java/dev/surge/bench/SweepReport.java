package dev.surge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes one adapter's sweep as {@code sweep-<adapter>.md} (a Markdown table, one row per point and connection
 * count) and {@code sweep-<adapter>.png} (surge/limit against working-set size and against body size, on
 * logarithmic x axes, with the 0.95 target drawn as a dashed line; the y axis from 0.5, or lower when a ratio
 * is), both in one directory.
 */
final class SweepReport {

  private static final double TARGET = 0.95;
  private static final Color[] COLOURS = {
    new Color(0x1B, 0x6A, 0xC9), new Color(0xE0, 0x5A, 0x1B), new Color(0x2E, 0x9E, 0x5B), new Color(0x8E, 0x44, 0xAD)
  };

  private SweepReport() {}

  /** Writes the table and the chart of {@code adapter}'s {@code results} into {@code directory}; returns the chart. */
  static Path write(Path directory, String adapter, List<Sweep.Result> results) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("sweep-" + adapter + ".md"), table(results));
    Path png = directory.resolve("sweep-" + adapter + ".png");
    double lowest = results.stream().mapToDouble(Sweep.Result::ratio).min().orElse(1);
    double floor = Math.min(0.5, Math.floor(lowest * 10) / 10);
    BitmapEncoder.saveBitmap(List.of(workingSetChart(adapter, results, floor), bodyChart(adapter, results, floor)), 1, 2,
        png.toString(), BitmapFormat.PNG);
    return png;
  }

  /** The results as a Markdown table. */
  static String table(List<Sweep.Result> results) {
    StringBuilder table = new StringBuilder("| adapter | point | connections | limit r/s | surge r/s | surge/limit"
        + " | p99 limit | p99 surge | p99 surge/limit |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Sweep.Result result : results) {
      table.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | **%.2f** | %,d us | %,d us | %.2f |%n",
          result.adapter(), result.point().name(), result.connections(), result.limit(), result.surge(),
          result.ratio(), result.limitP99Micros(), result.surgeP99Micros(),
          (double) result.surgeP99Micros() / Math.max(1, result.limitP99Micros())));
    }
    return table.toString();
  }

  private static XYChart workingSetChart(String adapter, List<Sweep.Result> results, double floor) {
    XYChart chart = chart(adapter + ": hits as the working set grows (2 KB pages)", "pages in the working set",
        floor);
    Map<String, List<Sweep.Result>> series = new LinkedHashMap<>();
    for (Sweep.Result result : results) {
      if (result.point().axis().equals(Sweep.WORKING_SET)) {
        List<String> draws = result.point().pages() == 1 ? List.of("zipf", "uniform")
            : List.of(result.point().draw().label());
        for (String draw : draws) {
          series.computeIfAbsent(draw + ", " + result.connections() + " conns", name -> new ArrayList<>()).add(result);
        }
      }
    }
    addSeries(chart, series);
    return chart;
  }

  private static XYChart bodyChart(String adapter, List<Sweep.Result> results, double floor) {
    XYChart chart = chart(adapter + ": hits as the hot page grows", "body bytes", floor);
    Map<String, List<Sweep.Result>> series = results.stream()
        .filter(result -> result.point().axis().equals(Sweep.BODY))
        .collect(Collectors.groupingBy(result -> result.connections() + " conns", LinkedHashMap::new,
            Collectors.toList()));
    addSeries(chart, series);
    return chart;
  }

  private static void addSeries(XYChart chart, Map<String, List<Sweep.Result>> series) {
    int colour = 0;
    for (Map.Entry<String, List<Sweep.Result>> named : series.entrySet()) {
      List<Sweep.Result> points = named.getValue().stream()
          .sorted(Comparator.comparingDouble(result -> result.point().x())).toList();
      XYSeries line = chart.addSeries(named.getKey(), points.stream().map(result -> result.point().x()).toList(),
          points.stream().map(Sweep.Result::ratio).toList());
      line.setLineColor(COLOURS[colour % COLOURS.length]);
      line.setMarkerColor(COLOURS[colour % COLOURS.length]);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setLineStyle(new BasicStroke(named.getKey().contains("uniform") ? 1.5f : 2.5f));
      colour++;
    }
  }

  /** A chart whose y axis runs from {@code floor} to 1.2. */
  private static XYChart chart(String title, String xTitle, double floor) {
    XYChart chart = new XYChartBuilder().width(560).height(360).title(title).xAxisTitle(xTitle)
        .yAxisTitle("surge / limit (requests per second)").build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(true).setYAxisMin(floor).setYAxisMax(1.2);
    styler.setXAxisDecimalPattern("#,##0").setYAxisDecimalPattern("0.00");
    styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false)
        .setLegendPosition(LegendPosition.InsideSW);
    styler.setAnnotationLineColor(Color.GRAY).setAnnotationLineStroke(
        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
    chart.addAnnotation(new AnnotationLine(TARGET, false, false));
    return chart;
  }
}
