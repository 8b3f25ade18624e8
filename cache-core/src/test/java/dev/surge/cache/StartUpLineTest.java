package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The line a cache logs when an adapter puts it to work names every setting a user needs to see. */
class StartUpLineTest {

  @Test
  void defaultsNameTheBoundsTheTtlAndHowToSwitchCacheStatusOn() {
    String line = HttpCache.builder().build().startUpLine("the servlet filter", "cacheStatusHeader");

    assertThat(line).isEqualTo("Surge cache ready on the servlet filter: store 64MB in memory, at most 10000"
        + " entries, recycled every 100000 requests or 10m, entries up to 1MB; default TTL 1m (for responses"
        + " that state no freshness); revalidation of stale pages with validators for 10m; Cache-Status off"
        + " (enable: cacheStatusHeader); purge fan-out off");
  }

  @Test
  void configuredValuesAreWrittenAsTheyWouldBeConfigured() {
    String line = HttpCache.builder()
        .maximumBytes(ByteSize.ofKilobytes(8 * 1024 + 512))
        .maximumEntryBytes(ByteSize.ofKilobytes(100))
        .maximumEntries(250)
        .defaultTtl(Duration.ZERO)
        .recycleAfterRequests(5_000)
        .recycleAfter(Duration.ofMillis(90_500))
        .revalidationWindow(Duration.ZERO)
        .cacheStatusHeader(true)
        .build()
        .startUpLine("Vert.x", "HttpCache.builder().cacheStatusHeader(true)");

    assertThat(line).isEqualTo("Surge cache ready on Vert.x: store 8704KB in memory, at most 250 entries,"
        + " recycled every 5000 requests or 90500ms, entries up to 100KB; default TTL 0s (only responses that"
        + " state their freshness are stored); revalidation off; Cache-Status on; purge fan-out off");
  }

  @Test
  void aStoreAndAPurgeListenerOfYourOwnDescribeThemselves() {
    ResponseStore memory = HttpCache.builder().defaultStore();
    ResponseStore tiered = new ForwardingStore(memory) {
      @Override
      public String description() {
        return "a second tier in front of " + memory.description();
      }
    };
    PurgeListener listener = new PurgeListener() {
      @Override
      public void purged(Purge purge) {}

      @Override
      public String description() {
        return "over a message bus";
      }
    };

    String line = HttpCache.builder().store(tiered).purgeListener(listener).defaultTtl(Duration.ofHours(1)).build()
        .startUpLine("Spring MVC", "surge.cache.cache-status-header=true");

    assertThat(line)
        .contains("store a second tier in front of 64MB in memory, at most 10000 entries")
        .contains("default TTL 1h (for responses that state no freshness)")
        .contains("Cache-Status off (enable: surge.cache.cache-status-header=true)")
        .endsWith("; purge fan-out over a message bus");
  }

  @Test
  void logStartUpLogsTheLineAtInfo() throws Exception {
    HttpCache cache = HttpCache.builder().maximumEntries(4321).build();
    cache.logStartUp("a unit test", "cacheStatusHeader");

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-test.log"));
    assertThat(Files.readString(log, StandardCharsets.UTF_8).lines()
            .filter(logged -> logged.contains("Surge cache ready on a unit test")))
        .singleElement().asString().contains("INFO", "at most 4321 entries");
  }
}
