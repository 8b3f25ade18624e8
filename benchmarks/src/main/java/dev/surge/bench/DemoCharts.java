package dev.surge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo report's charts, drawn by XChart: for one adapter, without Surge in {@link #UNCACHED} and with it in
 * {@link #CACHED}, the requests per second and the p99 latency second by second, and the renders per page.
 * Charts of the same kind share their scales across adapters.
 */
final class DemoCharts {

  /** The colour of every configuration without Surge. */
  static final Color UNCACHED = new Color(0xE0, 0x5A, 0x1B);
  /** The colour of every configuration with Surge. */
  static final Color CACHED = new Color(0x1B, 0x6A, 0xC9);
  static final int WIDTH = 440;
  static final int HEIGHT = 300;

  private final LogAxis throughputAxis;
  private final LogAxis latencyAxis;
  private final LogAxis rendersAxis;
  private final LogAxis pagesAxis;
  private final double lastSecond;

  /** Charts on scales that fit all of {@code results}. */
  DemoCharts(List<DemoResult> results) {
    throughputAxis = LogAxis.spanning(results.stream().flatMap(r -> r.timeline().stream())
        .mapToDouble(SecondOfLoad::requestsPerSecond));
    latencyAxis = LogAxis.spanning(results.stream().flatMap(r -> r.timeline().stream())
        .mapToDouble(SecondOfLoad::p99Millis));
    rendersAxis = LogAxis.spanning(results.stream().flatMap(r -> r.rendersPerPage().stream())
        .mapToDouble(Integer::doubleValue));
    pagesAxis = new LogAxis(1, LogAxis.spanning(results.stream().mapToDouble(r -> r.rendersPerPage().size())).max());
    lastSecond = results.stream().flatMap(r -> r.timeline().stream()).mapToDouble(SecondOfLoad::atSeconds).max()
        .orElse(1);
  }

  /** Requests per second, second by second, of one adapter's configurations. */
  XYChart throughput(List<DemoResult> adapter) {
    return timeline(adapter, "Requests per second", "requests/s", throughputAxis, SecondOfLoad::requestsPerSecond);
  }

  /** The p99 latency of each second, of one adapter's configurations. */
  XYChart latency(List<DemoResult> adapter) {
    return timeline(adapter, "p99 latency per second", "ms", latencyAxis, SecondOfLoad::p99Millis);
  }

  /** How many times each page was rendered, pages ranked by their renders, of one adapter's configurations. */
  XYChart rendersPerPage(List<DemoResult> adapter) {
    XYChart chart = chart("Renders per page", "pages, most rendered first", "renders");
    rendersAxis.applyToY(chart.getStyler());
    pagesAxis.applyToX(chart.getStyler());
    for (DemoResult result : adapter) {
      List<Integer> renders = result.rendersPerPage().stream().filter(count -> count > 0)
          .sorted((a, b) -> b - a).toList();
      if (!renders.isEmpty()) {
        List<Integer> ranks = IntStream.rangeClosed(1, renders.size()).boxed().toList();
        style(chart.addSeries(seriesName(result), ranks, renders), result);
      }
    }
    return chart;
  }

  private XYChart timeline(List<DemoResult> adapter, String title, String unit, LogAxis axis,
      ToDoubleFunction<SecondOfLoad> value) {
    XYChart chart = chart(title, "seconds since the surge began", unit);
    axis.applyToY(chart.getStyler());
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.ceil(lastSecond));
    for (DemoResult result : adapter) {
      List<SecondOfLoad> answered = result.timeline().stream().filter(SecondOfLoad::answered).toList();
      if (!answered.isEmpty()) {
        style(chart.addSeries(seriesName(result), answered.stream().map(SecondOfLoad::atSeconds).toList(),
            answered.stream().map(second -> value.applyAsDouble(second)).toList()), result);
      }
    }
    adapter.stream().filter(result -> !result.warmup().isZero()).findFirst().ifPresent(result ->
        chart.addAnnotation(new AnnotationLine(result.warmup().toNanos() / 1e9, true, false)));
    return chart;
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE)
        .setPlotBorderVisible(false).setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setLegendPosition(LegendPosition.OutsideS).setLegendLayout(LegendLayout.Horizontal)
        .setLegendBorderColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xEC, 0xEC, 0xEC)).setPlotGridLinesStroke(new BasicStroke(1))
        .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setXAxisDecimalPattern("#,##0.#").setYAxisDecimalPattern("#,##0.#");
    styler.setAnnotationLineColor(Color.GRAY).setAnnotationLineStroke(
        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
    return chart;
  }

  private static void style(XYSeries series, DemoResult result) {
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(result.cached() ? CACHED : UNCACHED);
    series.setLineStyle(new BasicStroke(2.5f));
  }

  private static String seriesName(DemoResult result) {
    return result.cached() ? "with Surge" : "without Surge";
  }
}
