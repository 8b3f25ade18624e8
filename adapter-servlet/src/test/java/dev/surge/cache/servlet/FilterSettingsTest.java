package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.CacheRequest;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.TestRequests;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FilterSettingsTest {

  private static HttpCache.Builder read(Map<String, String> parameters) {
    return FilterSettings.from(parameters::get, Collections.enumeration(parameters.keySet()));
  }

  @Test
  void everyParameterIsReadIntoTheBuilder() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("defaultTtl", "30s");
    parameters.put("maximumTtl", "PT2H");
    parameters.put("recycleAfter", "15m");
    parameters.put("coalescingTimeout", "250ms");
    parameters.put("staleWhileRevalidate", "20s");
    parameters.put("staleIfError", "10m");
    parameters.put("maximumBytes", "128MB");
    parameters.put("maximumEntryBytes", "2MB");
    parameters.put("maximumEntries", "5000");
    parameters.put("recycleAfterRequests", "50000");
    parameters.put("maximumKeyLength", "2048");
    parameters.put("minimumUses", "2");
    parameters.put("cacheableStatuses", "200, 404");
    parameters.put("allowedHosts", "example.com, www.example.com");
    parameters.put("trustedForwardingHeaders", "X-Forwarded-Proto");
    parameters.put("ignoredRequestHeaders", "X-Forwarded-For");
    parameters.put("ignoredQueryParameters", "utm_*, fbclid");
    parameters.put("privateCookies", "JSESSIONID, remember-me");
    parameters.put("sortQueryParameters", "true");
    parameters.put("generateEtags", "false");
    parameters.put("cacheStatusHeader", "TRUE");
    parameters.put("leakGuard", "true");
    parameters.put("tagHeader", "Cache-Tag");

    HttpCache cache = read(parameters).build();
    assertThat(cache.policy()).isNotNull();
  }

  @Test
  void leakGuardParameterTurnsTheGuardOff() {
    CacheRequest request = TestRequests.get("/account").header("Cookie", "remember_me=r3m3mb3r-t0k3n").build();
    CapturedResponse echoing =
        CapturedResponse.builder().body("token r3m3mb3r-t0k3n".getBytes(StandardCharsets.UTF_8)).build();

    assertThat(read(Map.of()).build().policy().onResponse(Instant.EPOCH, request, echoing))
        .isEqualTo(new StoreDecision.Reject(RejectReason.CREDENTIAL_IN_BODY));
    assertThat(read(Map.of("leakGuard", "false")).build().policy().onResponse(Instant.EPOCH, request, echoing))
        .isInstanceOf(StoreDecision.Store.class);
  }

  @ParameterizedTest
  @CsvSource({"250ms,PT0.25S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "2d,PT48H", "PT1M30S,PT1M30S"})
  void durationsTakeShortAndIsoForms(String text, String iso) {
    assertThat(FilterSettings.duration(text)).isEqualTo(Duration.parse(iso));
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("defaultTtl", "soon"),
        Arguments.of("maximumBytes", "lots"),
        Arguments.of("maximumEntries", "-3"),
        Arguments.of("maximumEntries", "many"),
        Arguments.of("generateEtags", "yes"),
        Arguments.of("leakGuard", "off"),
        Arguments.of("minimumUses", "0"),
        Arguments.of("cacheableStatuses", "200, 206"),
        Arguments.of("allowedHosts", "example.com:8080"),
        Arguments.of("tagHeader", "Cache Tag"),
        Arguments.of("defaultTTL", "30s"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void badOrUnknownParameterFailsNamingIt(String name, String value) {
    assertThatThrownBy(() -> read(Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'");
  }

  @Test
  void filterInitFailureNamesTheFilterAndTheParameter() {
    FilterConfig config = new FilterConfig() {
      @Override
      public String getFilterName() {
        return "surge";
      }

      @Override
      public ServletContext getServletContext() {
        throw new AssertionError("must fail before publishing anything");
      }

      @Override
      public String getInitParameter(String name) {
        return name.equals("maximumBytes") ? "lots" : null;
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(List.of("maximumBytes"));
      }
    };

    assertThatThrownBy(() -> new HttpCacheFilter().init(config))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("surge")
        .hasMessageContaining("maximumBytes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.surge.cache.servlet.ServletTrapsTest#containers")
  void containerRefusesToStartWithABadParameter(EmbeddedContainer container) throws Exception {
    try {
      assertThatThrownBy(() -> container.start(new HttpCacheFilter(), Map.of("maximumBytes", "lots"), new HttpServlet() {}))
          .isInstanceOf(Exception.class);
    } finally {
      container.stop();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.surge.cache.servlet.ServletTrapsTest#containers")
  void filterConfiguredByInitParametersServesFromItsCache(EmbeddedContainer container) throws Exception {
    TrapServlet servlet = new TrapServlet();
    HttpCacheFilter filter = new HttpCacheFilter();
    try {
      URI base = container.start(filter, Map.of("defaultTtl", "5m", "maximumTtl", "10m", "cacheStatusHeader", "true"), servlet);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(base.resolve("/length/right")).build();
      client.send(request, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> hit = client.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(hit.body()).isEqualTo("exactly 1");
      // The 5-minute default TTL applies, read on the system clock: 300 s, or 299 once a second has ticked.
      assertThat(hit.headers().firstValue("Cache-Status").orElseThrow()).matches("Surge; hit; ttl=(299|300)");
      assertThat(filter.cache().stats().hits()).isEqualTo(1);
    } finally {
      container.stop();
    }
  }
}
