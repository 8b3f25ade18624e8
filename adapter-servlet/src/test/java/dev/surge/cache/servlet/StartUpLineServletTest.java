package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When Jetty initializes the filter, one INFO line says what the cache will do and how to switch {@code
 * Cache-Status} on in the way the filter was configured. The build sends the tests' log to one file, which
 * these tests read; each test picks a byte bound no other test uses, to find its own line.
 */
class StartUpLineServletTest {

  private final JettyContainer jetty = new JettyContainer();

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
  }

  private static List<String> linesNaming(String bound) throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-test.log"));
    return Files.readString(log, StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains("Surge cache ready") && line.contains("store " + bound + " in memory"))
        .toList();
  }

  private static int status(URI base) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(base.resolve("/length/right")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aFilterConfiguredByInitParametersLogsItsCacheOnceAtStartUp() throws Exception {
    URI base = jetty.start(new HttpCacheFilter(),
        Map.of("maximumBytes", "7340KB", "defaultTtl", "0s", "maximumEntries", "500"), new TrapServlet(), Set.of());
    assertThat(status(base)).isEqualTo(200);

    assertThat(linesNaming("7340KB")).singleElement().asString()
        .contains("INFO")
        .endsWith("Surge cache ready on the servlet filter: store 7340KB in memory, at most 500 entries, recycled"
            + " every 100000 requests or 10m, entries up to 1MB; default TTL 0s (only responses that state"
            + " their freshness are stored); revalidation of stale pages with validators for 10m; Cache-Status off"
            + " (enable: init-param cacheStatusHeader=true);"
            + " purge fan-out off");
  }

  @Test
  void aFilterGivenACacheInCodeNamesTheBuilderOption() throws Exception {
    HttpCache cache = HttpCache.builder().maximumBytes(ByteSize.ofKilobytes(7341)).build();
    jetty.start(new HttpCacheFilter(cache), Map.of(), new TrapServlet(), Set.of());

    assertThat(linesNaming("7341KB")).singleElement().asString()
        .contains("Cache-Status off (enable: HttpCache.builder().cacheStatusHeader(true))");
  }

  @Test
  void aFilterMadeForAFrameworkLeavesTheLineToTheFramework() throws Exception {
    HttpCache cache = HttpCache.builder().maximumBytes(ByteSize.ofKilobytes(7342)).build();
    jetty.start(HttpCacheFilter.storingOnlyMarkedResponses(cache), Map.of(), new TrapServlet(), Set.of());

    assertThat(linesNaming("7342KB")).isEmpty();
  }
}
