package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Start-up of a Boot application with mistaken {@code surge.cache.*} properties: it fails, and Boot's failure
 * report (what the user sees) names the property, the value and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertyStartupFailureTest {

  /** An application with nothing but Surge's auto-configuration. */
  @BootAppWithoutSecurity
  static class PlainApplication {}

  private static ConfigurableApplicationContext start(String... properties) {
    return builder().properties(properties).run();
  }

  private static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PlainApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off");
  }

  @Test
  void misspeltPropertyFailsStartupSuggestingTheKnownOne(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.defualt-ttl=30s")).hasStackTraceContaining("surge.cache.defualt-ttl");

    assertThat(output.getOut())
        .contains("APPLICATION FAILED TO START")
        .contains("Unknown property 'surge.cache.defualt-ttl'")
        .contains("did you mean surge.cache.default-ttl?");
  }

  @Test
  void misspeltNestedPropertyFailsStartupSuggestingTheKnownOne(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.redis.namespce=shop"));

    assertThat(output.getOut())
        .contains("Unknown property 'surge.cache.redis.namespce'")
        .contains("did you mean surge.cache.redis.namespace?");
  }

  @Test
  void unknownPropertyWithNothingCloseFailsStartupListingTheKnownOnes(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.turbo=true"));

    assertThat(output.getOut())
        .contains("Unknown property 'surge.cache.turbo'")
        .doesNotContain("did you mean")
        .contains("surge.cache.default-ttl, ");
  }

  @Test
  void camelCaseFormOfAKnownPropertyBinds() {
    try (ConfigurableApplicationContext context = start("surge.cache.defaultTtl=30s")) {
      assertThat(context.getBean(SurgeCacheProperties.class).getDefaultTtl()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void environmentVariableFormOfKnownPropertiesBinds() {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            Map.of("SURGE_CACHE_DEFAULTTTL", "30s", "SURGE_CACHE_REDIS_COMMANDTIMEOUT", "3s")));
    try (ConfigurableApplicationContext context = builder().environment(environment).run()) {
      SurgeCacheProperties properties = context.getBean(SurgeCacheProperties.class);
      assertThat(properties.getDefaultTtl()).isEqualTo(Duration.ofSeconds(30));
      assertThat(properties.getRedis().getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void entrySizeAboveItsBoundFailsStartupWithAnAnalysisNamingPropertyValueAndFix(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.maximum-entry-bytes=100MB"))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);

    assertThat(output.getOut())
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid value '100MB' for surge.cache.maximum-entry-bytes")
        .contains("at most a quarter of surge.cache.maximum-bytes")
        .containsPattern("Action:\\s+Set surge.cache.maximum-entry-bytes to ")
        .doesNotContain("maximumEntryBytes");
  }

  @Test
  void negativeDurationFailsStartupWithAnAnalysisNamingPropertyValueAndFix(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.coalescing-timeout=-1s"));

    assertThat(output.getOut())
        .contains("Invalid value '-1s' for surge.cache.coalescing-timeout")
        .containsPattern("Action:\\s+Set surge.cache.coalescing-timeout to zero \\(no waiting\\) or more")
        .doesNotContain("coalescingTimeout");
  }

  @Test
  void valueOutOfRangeFailsStartupWithTheAllowedRange(CapturedOutput output) {
    assertThatThrownBy(() -> start("surge.cache.minimum-uses=40"));

    assertThat(output.getOut())
        .contains("Invalid value '40' for surge.cache.minimum-uses")
        .containsPattern("Action:\\s+Set surge.cache.minimum-uses to a whole number from 1 to 15");
  }
}
