package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.base.Splitter;
import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.RejectReason;
import dev.surge.cache.RequestDecision;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.TestRequests;
import dev.surge.cache.contract.MutableClock;
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
import java.util.ArrayList;
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

  /**
   * Every init-param, a value unlike its default, and what a cache built with it must show: each check fails
   * on a cache built without its parameter ({@link #eachCheckFailsWhenItsParameterIsLeftOut}), so a parameter
   * read into nothing fails {@link #everyParameterIsReadIntoTheBuilder}.
   */
  static final List<Effect> EFFECTS = List.of(
      new Effect("defaultTtl", "30s", (cache, clock) ->
          assertThat(stored(cache, page()).freshnessLifetime()).isEqualTo(Duration.ofSeconds(30))),
      new Effect("maximumTtl", "PT2H", (cache, clock) ->
          assertThat(stored(cache, page("Cache-Control", "max-age=86400")).freshnessLifetime())
              .isEqualTo(Duration.ofHours(2))),
      new Effect("recycleAfter", "25m", (cache, clock) -> {
        storeThroughTheStep(cache.step(), "/recycled", page("Cache-Control", "max-age=3600"));
        clock.advance(Duration.ofMinutes(15)); // past the default 10 minutes
        assertThat(cache.step().before(TestRequests.get("/recycled").build())).isInstanceOf(Answer.class);
        assertThat(cache.stats().recycles()).isZero();
      }),
      new Effect("coalescingTimeout", "0ms", (cache, clock) -> {
        List<PipelineStep.Outcome> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          concurrent.add(cache.step().before(TestRequests.get("/concurrent").build()));
        }
        assertThat(concurrent).as("concurrent misses of one key, none waiting").allMatch(Proceed.class::isInstance);
      }),
      new Effect("staleWhileRevalidate", "20s", (cache, clock) ->
          assertThat(stored(cache, page()).staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(20))),
      new Effect("staleIfError", "10m", (cache, clock) ->
          assertThat(stored(cache, page()).staleIfError()).isEqualTo(Duration.ofMinutes(10))),
      new Effect("revalidationWindow", "3m", (cache, clock) ->
          assertThat(stored(cache, page("ETag", "\"v1\"")).revalidationWindow()).isEqualTo(Duration.ofMinutes(3))),
      new Effect("maximumBytes", "4MB", (cache, clock) -> {
        for (int i = 0; i < 24; i++) { // 4.8 MB, well within the default 64 MB
          storeThroughTheStep(cache.step(), "/large/" + i, pageOf(new byte[200 * 1024]));
        }
        assertThat(cache.stats().evictions()).isPositive();
        assertThat(cache.stats().bytes()).isLessThanOrEqualTo(ByteSize.ofMegabytes(4));
      }),
      new Effect("maximumEntryBytes", "256KB", (cache, clock) ->
          assertThat(proceed(cache.step().before(TestRequests.get("/limit").build())).captureLimit())
              .isEqualTo(ByteSize.ofKilobytes(256))),
      new Effect("maximumEntries", "50", (cache, clock) -> {
        for (int i = 0; i < 60; i++) {
          storeThroughTheStep(cache.step(), "/small/" + i, page());
        }
        assertThat(cache.stats().evictions()).isPositive();
        assertThat(cache.stats().entries()).isLessThanOrEqualTo(50);
      }),
      new Effect("recycleAfterRequests", "500", (cache, clock) -> {
        for (int i = 0; i < 600; i++) {
          cache.step().before(TestRequests.get("/lookup/" + i).build());
        }
        assertThat(cache.stats().recycles()).isPositive();
      }),
      new Effect("maximumKeyLength", "2048", (cache, clock) ->
          assertThat(cache.policy().admit(TestRequests.get("/key?q=" + "a".repeat(3000)).build()))
              .isEqualTo(new RequestDecision.Bypass(BypassReason.KEY_TOO_LONG))),
      new Effect("minimumUses", "2", (cache, clock) ->
          assertThat(proceed(cache.step().before(TestRequests.get("/once").build())).capturesBody())
              .as("the first request for a key is captured").isFalse()),
      new Effect("cacheableStatuses", "200, 404", (cache, clock) -> {
        assertThat(decision(cache, CapturedResponse.builder().status(301).header("Location", "/b").build()))
            .isEqualTo(new StoreDecision.Reject(RejectReason.STATUS));
        assertThat(decision(cache, CapturedResponse.builder().status(404).build())).isInstanceOf(StoreDecision.Store.class);
      }),
      new Effect("allowedHosts", "example.com, www.example.com", (cache, clock) -> {
        assertThat(cache.policy().admit(TestRequests.get("/h").authority("other.example").build()))
            .isEqualTo(new RequestDecision.Bypass(BypassReason.INVALID_HOST));
        assertThat(cache.policy().admit(TestRequests.get("/h").authority("www.example.com").build()))
            .isInstanceOf(RequestDecision.Miss.class);
      }),
      new Effect("trustedForwardingHeaders", "X-Forwarded-Proto", (cache, clock) ->
          assertThat(key(cache, TestRequests.get("/f").header("X-Forwarded-Proto", "https").build()).headers())
              .containsEntry("x-forwarded-proto", "https")),
      new Effect("ignoredRequestHeaders", "X-Forwarded-For", (cache, clock) ->
          assertThat(key(cache, TestRequests.get("/f").header("X-Forwarded-For", "192.0.2.1").build()))
              .isEqualTo(key(cache, TestRequests.get("/f").build()))),
      new Effect("ignoredQueryParameters", "utm_*, fbclid", (cache, clock) ->
          assertThat(key(cache, TestRequests.get("/q?a=1&utm_source=news&fbclid=x").build()))
              .isEqualTo(key(cache, TestRequests.get("/q?a=1").build()))),
      new Effect("privateCookies", "app_session, remember-me", (cache, clock) -> {
        assertThat(cache.policy().carriesCredentials(TestRequests.get("/c").header("Cookie", "app_session=a1").build()))
            .isTrue();
        assertThat(cache.policy().carriesCredentials(TestRequests.get("/c").header("Cookie", "SESSION=a1").build()))
            .as("a default private cookie the parameter leaves out").isFalse();
      }),
      new Effect("sortQueryParameters", "true", (cache, clock) ->
          assertThat(key(cache, TestRequests.get("/s?b=2&a=1").build()))
              .isEqualTo(key(cache, TestRequests.get("/s?a=1&b=2").build()))),
      new Effect("generateEtags", "false", (cache, clock) ->
          assertThat(stored(cache, page()).etag()).isEmpty()),
      new Effect("cacheStatusHeader", "TRUE", (cache, clock) ->
          assertThat(proceed(cache.step().before(TestRequests.get("/status").build())).extraHeaders()
              .first("Cache-Status")).isPresent()),
      new Effect("leakGuard", "false", (cache, clock) -> {
        CacheRequest echoed = TestRequests.get("/account").header("Cookie", "remember_me=r3m3mb3r-t0k3n").build();
        CapturedResponse echoing = pageOf("token r3m3mb3r-t0k3n".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.policy().onResponse(cache.clock().instant(), echoed, echoing))
            .isInstanceOf(StoreDecision.Store.class);
      }),
      new Effect("tagHeader", "Cache-Tag", (cache, clock) ->
          assertThat(stored(cache, page("Cache-Tag", "team-a team-b")).tags()).containsExactlyInAnyOrder("team-a", "team-b")),
      new Effect("compressionCodings", "gzip", (cache, clock) ->
          assertThat(stored(cache, customText(200 * 1024)).codings()).containsExactly("gzip", "identity")),
      new Effect("compressionMinimumSize", "150KB", (cache, clock) ->
          assertThat(stored(cache, customText(100 * 1024)).hasVariants()).isFalse()),
      new Effect("compressionMediaTypes", "text/x-custom, text/html", (cache, clock) ->
          assertThat(stored(cache, customText(200 * 1024)).hasVariants()).isTrue()));

  /**
   * Parameters that turn a feature off, which would hide the effects of the others on it: each is checked on
   * a cache built with it alone.
   */
  static final List<Effect> SWITCHES = List.of(
      new Effect("compression", "false", (cache, clock) ->
          assertThat(stored(cache, textOf("text/html", 4 * 1024)).hasVariants()).isFalse()));

  /**
   * An init-param, its value, and what a cache built with it shows.
   *
   * @param name the parameter
   * @param value a value whose effect differs from the default's
   * @param check asserts the effect on a cache built with the parameter, on the clock given
   */
  record Effect(String name, String value, Check check) {
    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  /** Asserts what a cache shows. */
  @FunctionalInterface
  interface Check {
    void verify(HttpCache cache, MutableClock clock) throws Exception;
  }

  private static Map<String, String> allParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    EFFECTS.forEach(effect -> parameters.put(effect.name(), effect.value()));
    return parameters;
  }

  @Test
  void everyParameterIsReadIntoTheBuilder() throws Exception {
    List<String> withoutEffect = new ArrayList<>();
    for (Effect effect : EFFECTS) {
      MutableClock clock = MutableClock.standingStill();
      HttpCache cache = read(allParameters()).clock(clock).build();
      try {
        effect.check().verify(cache, clock);
      } catch (AssertionError notRead) {
        withoutEffect.add(effect + ": " + notRead.getMessage().strip());
      }
    }
    assertThat(withoutEffect).as("init-params that did not take effect").isEmpty();
  }

  static Stream<Effect> effects() {
    return EFFECTS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("effects")
  void eachCheckFailsWhenItsParameterIsLeftOut(Effect effect) {
    Map<String, String> others = allParameters();
    others.remove(effect.name());
    MutableClock clock = MutableClock.standingStill();
    HttpCache cache = read(others).clock(clock).build();

    assertThatThrownBy(() -> effect.check().verify(cache, clock))
        .as("the check of %s on a cache built without it", effect)
        .isInstanceOf(AssertionError.class);
  }

  static Stream<Effect> switches() {
    return SWITCHES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("switches")
  void eachSwitchTakesEffectAlone(Effect effect) throws Exception {
    MutableClock clock = MutableClock.standingStill();
    effect.check().verify(read(Map.of(effect.name(), effect.value())).clock(clock).build(), clock);

    HttpCache without = read(Map.of()).clock(clock).build();
    assertThatThrownBy(() -> effect.check().verify(without, clock))
        .as("the check of %s on a cache built without it", effect)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void everyKnownParameterHasItsEffectChecked() {
    String known = catchThrowable(() -> read(Map.of("noSuchParameter", "1"))).getMessage();
    List<String> names = Splitter.on(", ").splitToList(known.substring(known.indexOf("known: ") + "known: ".length()));

    assertThat(Stream.concat(EFFECTS.stream(), SWITCHES.stream()).map(Effect::name))
        .containsExactlyInAnyOrderElementsOf(names);
  }

  private static CapturedResponse page(String... headers) {
    CapturedResponse.Builder page = CapturedResponse.builder().status(200);
    for (int i = 0; i < headers.length; i += 2) {
      page.header(headers[i], headers[i + 1]);
    }
    return page.body("page".getBytes(StandardCharsets.UTF_8)).build();
  }

  /** A compressible body of {@code bytes} bytes, of the media type {@code text/x-custom}. */
  private static CapturedResponse customText(int bytes) {
    return textOf("text/x-custom", bytes);
  }

  /** A compressible body of {@code bytes} bytes, of {@code mediaType}. */
  private static CapturedResponse textOf(String mediaType, int bytes) {
    StringBuilder text = new StringBuilder();
    for (int line = 0; text.length() < bytes; line++) {
      text.append("line ").append(line).append(" of a page that compresses well\n");
    }
    return CapturedResponse.builder().status(200).header("Content-Type", mediaType)
        .body(text.substring(0, bytes).getBytes(StandardCharsets.UTF_8)).build();
  }

  private static CapturedResponse pageOf(byte[] body) {
    return CapturedResponse.builder().status(200).body(body).build();
  }

  private static StoreDecision decision(HttpCache cache, CapturedResponse response) {
    return cache.policy().onResponse(cache.clock().instant(), TestRequests.get("/page").build(), response);
  }

  /** The entry the cache's policy makes of {@code response} to a plain GET, which it must store. */
  private static CachedResponse stored(HttpCache cache, CapturedResponse response) {
    StoreDecision decision = decision(cache, response);
    assertThat(decision).isInstanceOf(StoreDecision.Store.class);
    return ((StoreDecision.Store) decision).entry();
  }

  private static CacheKey key(HttpCache cache, CacheRequest request) {
    RequestDecision admission = cache.policy().admit(request);
    assertThat(admission).isInstanceOf(RequestDecision.Miss.class);
    return ((RequestDecision.Miss) admission).key();
  }

  private static PipelineStep.Exchange proceed(PipelineStep.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Proceed.class);
    return ((Proceed) outcome).exchange();
  }

  /** Asks for {@code path} until the step captures its render (a key may have to be asked for more than once). */
  private static void storeThroughTheStep(PipelineStep step, String path, CapturedResponse response) {
    for (int ask = 0; ask < 3; ask++) {
      PipelineStep.Exchange exchange = proceed(step.before(TestRequests.get(path).build()));
      step.completed(exchange, response);
      if (exchange.capturesBody()) {
        return;
      }
    }
    throw new AssertionError(path + " was never captured");
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
