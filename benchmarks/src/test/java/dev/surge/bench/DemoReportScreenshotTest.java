package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo report as a reader sees it: rendered from small synthetic results, opened in headless Chromium
 * (nothing but the file itself is loaded), and judged on the screenshot, which is left at
 * {@code target/demo-report-test.png} for a person to look at.
 */
class DemoReportScreenshotTest {

  private static final int WIDTH = 1400;
  private static final int HEIGHT = 2000;

  @TempDir Path directory;

  @Test
  void reportRendersInABrowserWithChartsInTheCachedColour() throws Exception {
    Path report = directory.resolve("report.html");
    DemoReport.writeHtml(report, SyntheticResults.of("jetty", "spring", "vertx"),
        Optional.of(SyntheticResults.revalidation()), "synthetic results");

    BufferedImage screenshot = ImageIO.read(screenshot(report).toFile());

    assertThat(screenshot.getWidth()).isEqualTo(WIDTH);
    assertThat(screenshot.getHeight()).isEqualTo(HEIGHT);
    assertThat(shareOf(screenshot, pixel -> !nearly(pixel, Color.WHITE, 8))).as("share of non-white pixels")
        .isGreaterThan(0.04);
    assertThat(shareOf(screenshot, pixel -> nearly(pixel, DemoCharts.CACHED, 24))).as("share in the cached colour")
        .isGreaterThan(0.001);
    assertThat(shareOf(screenshot, pixel -> nearly(pixel, DemoCharts.UNCACHED, 24))).as("share in the uncached colour")
        .isGreaterThan(0.001);
  }

  @Test
  void reportLoadsNothingFromTheNetwork() throws Exception {
    Path report = directory.resolve("report.html");
    DemoReport.writeHtml(report, SyntheticResults.of("jetty"), Optional.of(SyntheticResults.revalidation()),
        "synthetic results");

    assertThat(Files.readString(report)).doesNotContain("http://", "https://", "<script", "<link");
  }

  private Path screenshot(Path report) throws Exception {
    Path chromium = onPath("chromium").orElseGet(() ->
        fail("the demo report test needs chromium on the PATH (Debian: apt-get install chromium)"));
    Path png = Files.createDirectories(Path.of("target")).resolve("demo-report-test.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
        "--hide-scrollbars", "--user-data-dir=" + directory.resolve("profile"), "--screenshot=" + png,
        "--window-size=" + WIDTH + "," + HEIGHT, report.toUri().toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("chromium.log").toFile()).start();
    assertThat(browser.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
    assertThat(png).as("screenshot, chromium said: %s", Files.readString(directory.resolve("chromium.log")))
        .exists();
    return png;
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(directory -> !directory.isEmpty())
        .map(directory -> Path.of(directory, program)).filter(Files::isExecutable).findFirst();
  }

  private static double shareOf(BufferedImage image, IntPredicate pixels) {
    long matching = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (pixels.test(image.getRGB(x, y))) {
          matching++;
        }
      }
    }
    return (double) matching / ((long) image.getWidth() * image.getHeight());
  }

  private static boolean nearly(int rgb, Color colour, int tolerance) {
    Color pixel = new Color(rgb);
    return Math.abs(pixel.getRed() - colour.getRed()) <= tolerance
        && Math.abs(pixel.getGreen() - colour.getGreen()) <= tolerance
        && Math.abs(pixel.getBlue() - colour.getBlue()) <= tolerance;
  }
}
