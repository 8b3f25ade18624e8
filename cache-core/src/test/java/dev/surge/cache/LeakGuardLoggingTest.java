package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leak guard's warning names the cookie (or header) and the path, never the value, and does not flood
 * the log: the build sends every test's log, at debug, to one file, which this test reads after leaking
 * credentials through the step.
 */
class LeakGuardLoggingTest {

  private static final String SECRET = "s3cr3t-r3m3mb3r-t0k3n";

  private final MutableClock clock = MutableClock.standingStill();
  private final PipelineStep step = HttpCache.builder().clock(clock).build().step();
  private final String probe = "/leak-log-probe-" + System.nanoTime();

  private void renderEchoing(String path, String cookie) {
    PipelineStep.Exchange miss =
        ((Proceed) step.before(TestRequests.get(path).header("Cookie", cookie + "=" + SECRET).build())).exchange();
    step.completed(miss, CapturedResponse.builder().status(200)
        .body(("<p>your token: " + SECRET + "</p>").getBytes(StandardCharsets.UTF_8)).build());
  }

  private static List<String> linesAbout(String path) throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-test.log"));
    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged).doesNotContain(SECRET);
    return logged.lines().filter(line -> line.contains(path + ":") && line.contains("leak guard")).toList();
  }

  @Test
  void warningNamesTheCookieAndThePathButNeverTheValue() throws Exception {
    renderEchoing(probe, "remember_me");

    List<String> lines = linesAbout(probe);
    assertThat(lines).singleElement().satisfies(line -> assertThat(line)
        .contains("WARN", "cookie \"remember_me\"", probe).doesNotContain(SECRET));
  }

  @Test
  void repeatedLeaksOfOneCookieWarnOncePerTenMinutes() throws Exception {
    for (int i = 0; i < 3; i++) {
      renderEchoing(probe + "/" + i, "remember_me");
    }
    clock.advance(Duration.ofMinutes(10));
    renderEchoing(probe + "/later", "remember_me");

    assertThat(linesAbout(probe + "/0")).singleElement().asString().contains("WARN");
    assertThat(linesAbout(probe + "/1")).singleElement().asString().contains("DEBUG").doesNotContain("WARN");
    assertThat(linesAbout(probe + "/2")).singleElement().asString().contains("DEBUG").doesNotContain("WARN");
    assertThat(linesAbout(probe + "/later")).singleElement().asString().contains("WARN");
  }

  @Test
  void inventedCookieNamesCannotFloodTheLog() throws Exception {
    for (int i = 0; i < 20; i++) {
      renderEchoing(probe + "/" + i, "invented" + i);
    }

    long warnings = 0;
    for (int i = 0; i < 20; i++) {
      warnings += linesAbout(probe + "/" + i).stream().filter(line -> line.contains("WARN")).count();
    }
    assertThat(warnings).isEqualTo(16);
  }
}
