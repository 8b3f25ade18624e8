package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The frameworks the demo starts and stops keep their INFO lines out of its console; warnings still show. */
class DemoLoggingTest {

  @Test
  void frameworksLogWarningsButNotInfo() {
    for (String framework : List.of("org.eclipse.jetty.server.Server", "org.springframework.web.context.ContextLoader",
        "io.vertx.core.impl.VertxImpl", "io.netty.util.internal.PlatformDependent")) {
      Logger logger = LoggerFactory.getLogger(framework);
      assertThat(logger.isInfoEnabled()).as("%s logs INFO", framework).isFalse();
      assertThat(logger.isWarnEnabled()).as("%s logs WARN", framework).isTrue();
    }
  }

  @Test
  void surgeItselfStillLogsInfo() {
    assertThat(LoggerFactory.getLogger("dev.surge.cache.HttpCache").isInfoEnabled()).isTrue();
  }
}
