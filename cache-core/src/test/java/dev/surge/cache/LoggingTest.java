package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Proceed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Decisions are logged at debug, but never the values of credentials: the build sends every test's log,
 * at debug, to one file, which this test reads after sending secrets through every path of the step.
 */
class LoggingTest {

  private static final String TOKEN = "Bearer s3cr3t-bearer-token";
  private static final String SESSION = "JSESSIONID=s3cr3t-session-id";

  @Test
  void decisionsAreLoggedButCredentialValuesNever() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-test.log"));
    HttpCache cache = HttpCache.builder().build();
    PipelineStep step = cache.step();
    String path = "/logging-probe-" + System.nanoTime();
    PipelineStep.Exchange miss =
        ((Proceed) step.before(TestRequests.get(path).header("Authorization", TOKEN).header("Cookie", SESSION).build()))
            .exchange();
    step.completed(miss, CapturedResponse.builder().status(200).header("Set-Cookie", SESSION).body(new byte[] {1}).build());
    step.before(TestRequests.post(path).header("Authorization", TOKEN).header("Cookie", SESSION).build());
    step.before(TestRequests.get(path).header("X-Forwarded-Host", "evil").header("Authorization", TOKEN).build());
    PipelineStep.Exchange failing = ((Proceed) step.before(TestRequests.get(path + "x").header("Cookie", SESSION).build()))
        .exchange();
    step.failed(failing, new IllegalStateException("render failed"));

    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged).contains(path);
    assertThat(logged).doesNotContain("s3cr3t");
  }
}
