package dev.surge.bench;

import java.util.stream.DoubleStream;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * A logarithmic axis from the decade at or below the smallest value to the decade at or above the largest, so
 * that charts side by side share one scale and values spanning orders of magnitude stay readable.
 *
 * @param min the lower end, a power of ten
 * @param max the upper end, a power of ten above {@code min}
 */
record LogAxis(double min, double max) {

  /** The decades spanning the positive {@code values}; 1 to 10 when there are none. */
  static LogAxis spanning(DoubleStream values) {
    double[] positive = values.filter(value -> value > 0).toArray();
    double low = DoubleStream.of(positive).min().orElse(1);
    double high = DoubleStream.of(positive).max().orElse(10);
    double min = Math.pow(10, Math.floor(Math.log10(low)));
    double max = Math.pow(10, Math.ceil(Math.log10(high)));
    return new LogAxis(min, max > min ? max : min * 10);
  }

  void applyToY(AxesChartStyler styler) {
    styler.setYAxisLogarithmic(true).setYAxisMin(min).setYAxisMax(max);
  }

  void applyToX(AxesChartStyler styler) {
    styler.setXAxisLogarithmic(true).setXAxisMin(min).setXAxisMax(max);
  }
}
