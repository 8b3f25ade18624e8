package dev.surge.cache.internal;

import static dev.surge.cache.internal.GeneratedInput.arbitraryString;
import static dev.surge.cache.internal.GeneratedInput.assertReaches;
import static dev.surge.cache.internal.GeneratedInput.cases;
import static dev.surge.cache.internal.GeneratedInput.inputs;
import static dev.surge.cache.internal.GeneratedInput.randomCase;
import static dev.surge.cache.internal.GeneratedInput.randomDigits;
import static dev.surge.cache.internal.GeneratedInput.randomToken;
import static dev.surge.cache.internal.GeneratedInput.whitespace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.RequestDecision;
import dev.surge.cache.ResponseHeaders.Field;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.TestRequests;
import dev.surge.cache.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded generated-input tests for the whole caching decision, {@link CachePolicy} and the pipeline step
 * ({@code before} then {@code completed}, then {@code before} again), fed with malformed caching headers:
 * empty and huge (64 KB) values, many duplicate fields, odd case, unknown directives, overflowing and
 * non-decimal numbers, garbage dates, broken entity-tags, {@code Vary} with {@code *}, empty items or
 * thousands of names. {@link HeaderParsingGeneratedInputTest} covers the parsers on their own.
 *
 * <p>The invariants checked on every response case:
 *
 * <ul>
 *   <li>nothing throws, neither the policy nor the step;
 *   <li>a response with a {@code no-store}, {@code private} or {@code no-cache} directive (in any case, in any
 *       of its {@code Cache-Control} fields, also after an unterminated quoted string), a {@code Set-Cookie}
 *       (even empty), a {@code Vary} holding {@code *} or a malformed element is never stored;
 *   <li>a stored entry's freshness lifetime is never negative nor above the configured maximum TTL; for a
 *       well-formed response it is exactly what RFC 9111 §4.2.1 gives ({@code s-maxage}, else {@code max-age},
 *       else {@code Expires} minus {@code Date}, else the default), capped by the maximum TTL, and otherwise never
 *       above what its valid headers allow: a malformed, non-decimal, signed or repeated-and-different {@code
 *       max-age} or {@code s-maxage} means stale; without them an invalid or repeated {@code Expires} means
 *       already expired (RFC 9111 §5.3) and an invalid {@code Date} counts as the time of receipt (RFC 9110
 *       §6.6.1); a value above 2<sup>31</sup> seconds counts as 2<sup>31</sup>;
 *   <li>a stored entry's initial age is the larger of the time since its first {@code Date} (when valid and
 *       past) and the first member of the first {@code Age} field when that is a number, so a malformed {@code
 *       Age} list never makes an entry fresher (RFC 9111 §4.2.3, §5.1);
 *   <li>a stored entry is served byte for byte as stored (the full view with its {@code Age}) to the request
 *       that selects it, and not to a request that differs in a header its {@code Vary} names;
 *   <li>a case built only from well-formed, storable headers is stored (so the test cannot pass by storing
 *       nothing); half the cases are built so, and a test checks that enough of them are fresh, over the whole
 *       range of lifetimes up to the maximum TTL.
 * </ul>
 *
 * <p>And on every request case, against a stored page with an entity-tag and a {@code Last-Modified}:
 *
 * <ul>
 *   <li>nothing throws;
 *   <li>a request with a {@code no-store} directive in its {@code Cache-Control} bypasses the cache and its
 *       response is not captured;
 *   <li>a 304 is answered exactly when the request validly asked for one: a well-formed {@code If-None-Match}
 *       that lists the page's tag or is {@code *}, or, only without any {@code If-None-Match} field, a single
 *       valid {@code If-Modified-Since} not in the future and not before {@code Last-Modified}; a 304 has no
 *       body and no {@code Content-Length}, and of the page's fields exactly those RFC 9110 §15.4.5 has it
 *       repeat ({@code Cache-Control}, {@code Content-Location}, {@code Date}, {@code ETag}, {@code Expires},
 *       {@code Vary}, {@code Last-Modified}) plus {@code Age}, computed from the page the application sent;
 *   <li>otherwise the answer is the page the application sent, byte for byte, with the fields it set plus only
 *       {@code Date}, {@code Content-Length} and {@code Age}; {@code Pragma} and the other request directives
 *       change nothing.
 * </ul>
 *
 * <p>Reproduce a failure with the seed its message names: {@code mvn test
 * -Dtest=CacheDecisionGeneratedInputTest -Dsurge.test.seed=...}; {@code -Dsurge.test.cases} scales the
 * number of cases (three times its value per source).
 */
class CacheDecisionGeneratedInputTest {

  private static final int CASES_PER_SOURCE = 3 * GeneratedInput.CASES;
  private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  private static final Duration MAXIMUM_TTL = Duration.ofHours(1);
  static final Instant NOW = MutableClock.standingStill().instant();
  private static final int HUGE = 64 * 1024;
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(ZoneOffset.UTC);

  /** Request headers a generated {@code Vary} may name, with the value every case's request carries. */
  private static final List<String> VARIED = List.of("Accept-Language", "Accept-Encoding", "X-Variant");
  private static final List<String> MALFORMED_DELTAS =
      List.of("-1", "1e3", "+5", "0x10", "1.5", "", "\"12", "12 34", "٣", "12abc", "\"-0\"", "=");
  private static final List<String> GARBAGE_DATES =
      List.of(
          "0", "-1", "", "now", "Thu, 01 Jan 1970 00:00:00 UTC", "thu, 01 jan 2026 00:00:00 gmt",
          "Sun, 31 Feb 2026 00:00:00 GMT", "Wed, 25 Nov 2026 25:00:00 GMT", "Wed, 25 Nov 99999 12:00:00 GMT",
          "Wed, 25 Nov 2026 12:00:00 GMT, Wed, 25 Nov 2026 12:00:00 GMT", "2026-11-25T12:00:00Z", "\"",
          "Wed,  25 Nov 2026 12:00:00 GMT", "Wed, 25 Nov 2026 12:00:00 GMT+01");
  private static final List<String> ODD_QUOTES = List.of("\"", "x=\"unterminated", "max-age=\"60", "ext=\"a\\\"");
  private static final List<String> OPAQUE_TAGS = List.of("v1", "v2", "", "v1 ", "\u00e9t\u00e9");

  @RegisterExtension
  static final TestExecutionExceptionHandler NAME_THE_FAILING_CASE = GeneratedInput.nameTheFailingCase();

  // ---------------------------------------------------------------------------------------------------------
  // Responses with malformed caching headers.

  /**
   * A generated response and what the test knows about it.
   *
   * @param headers the fields as the application sets them
   * @param body the body
   * @param refusal why it must not be stored, if it must not
   * @param freshness the freshness lifetime RFC 9111 §4.2.1 gives it ({@code s-maxage}, else {@code max-age},
   *     else {@code Expires} minus {@code Date}, else the configured default), capped by the maximum TTL: exact
   *     for a well-formed response, the most its valid headers allow for another
   * @param age the initial age its valid {@code Age} and {@code Date} state
   * @param varied the request header names its well-formed {@code Vary} lists, when it has one
   * @param wellFormed whether every field is well formed and storable, so it must be stored
   */
  record ResponseCase(
      List<Field> headers,
      byte[] body,
      Optional<String> refusal,
      Duration freshness,
      Duration age,
      List<String> varied,
      boolean wellFormed) {
    @Override
    public String toString() {
      return headers.stream().map(f -> f.name() + ": " + f.value()).collect(Collectors.joining(" | "));
    }

    /** Whether it is well formed and still fresh when it arrives, so that it must be stored. */
    boolean mustBeStored() {
      return wellFormed && freshness.compareTo(age) > 0;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedResponses")
  void malformedResponseHeadersNeverThrowNorStoreWhatMustNotBeStored(ResponseCase generated) {
    HttpCache cache = cache();
    CachePolicy policy = cache.policy();
    PipelineStep step = cache.step();
    CacheRequest request = request(List.of());
    CapturedResponse capture = capture(generated);

    StoreDecision decision = policy.onResponse(NOW, request, capture);
    Outcome first = step.before(request);
    assertThat(first).isInstanceOf(Proceed.class);
    PipelineStep.Exchange exchange = ((Proceed) first).exchange();
    assertThat(exchange.capturesBody()).isTrue();
    step.completed(exchange, capture);
    boolean stored = cache.stats().stores() == 1;

    if (generated.refusal().isPresent()) {
      assertThat(decision instanceof StoreDecision.Reject).as(generated.refusal().get()).isTrue();
      assertThat(stored).as(generated.refusal().get()).isFalse();
    }
    if (generated.mustBeStored()) {
      assertThat(decision instanceof StoreDecision.Store).as("a well-formed, fresh response is stored").isTrue();
      assertThat(stored).isTrue();
    }
    if (!(decision instanceof StoreDecision.Store store)) {
      assertThat(stored).isFalse();
      assertThat(step.before(request)).isInstanceOf(Proceed.class);
      return;
    }
    CachedResponse entry = store.entry();
    assertThat(entry.freshnessLifetime()).isBetween(Duration.ZERO, MAXIMUM_TTL);
    if (generated.wellFormed()) {
      assertThat(entry.freshnessLifetime()).as("the freshness lifetime of a well-formed response")
          .isEqualTo(generated.freshness());
    } else {
      assertThat(entry.freshnessLifetime()).isLessThanOrEqualTo(generated.freshness());
    }
    assertThat(entry.initialAge()).isEqualTo(generated.age());
    assertThat(entry.remainingFreshnessAt(NOW)).isPositive();
    List<String> varyNames = policy.varyNames(entry);
    Optional<CacheKey> variant = primary(policy, request).flatMap(key -> policy.variantKey(key, varyNames, request));
    assertThat(stored).isEqualTo(variant.isPresent());
    if (!stored) {
      return;
    }
    Outcome hit = step.before(request);
    assertThat(hit instanceof Answer).as("the stored entry answers").isTrue();
    assertThat(((Answer) hit).response().equals(entry.fullView(NOW))).as("served as stored").isTrue();
    assertThat(((Answer) hit).response().bodyBytes()).isEqualTo(generated.body());
    for (String name : generated.varied()) {
      Outcome other = step.before(request(List.of(new Field(name, "other"))));
      assertThat(other).as("a request that differs in %s", name).isInstanceOf(Proceed.class);
    }
  }

  static Stream<Arguments> malformedResponses() {
    return cases(CASES_PER_SOURCE, CacheDecisionGeneratedInputTest::responseCase, ResponseCase::toString);
  }

  @Test
  void generatedResponsesOftenMustBeStoredWithLifetimesUpToTheMaximumTtl() {
    List<ResponseCase> inputs = inputs(CASES_PER_SOURCE, CacheDecisionGeneratedInputTest::responseCase);

    assertReaches(inputs, 0.2, "well-formed, fresh responses (stored, with that exact lifetime)", ResponseCase::mustBeStored);
    assertReaches(inputs, 0.1, "well-formed responses fresh for more than half the maximum TTL",
        generated -> generated.mustBeStored() && generated.freshness().compareTo(MAXIMUM_TTL.dividedBy(2)) > 0);
    assertReaches(inputs, 0.05, "well-formed responses fresh for less than half the maximum TTL",
        generated -> generated.mustBeStored() && generated.freshness().compareTo(MAXIMUM_TTL.dividedBy(2)) < 0);
    assertReaches(inputs, 0.01, "well-formed responses without freshness information (the default lifetime)",
        generated -> generated.mustBeStored() && generated.freshness().equals(DEFAULT_TTL));
    assertReaches(inputs, 0.15, "responses that must not be stored", generated -> generated.refusal().isPresent());
  }

  /** Builds one response case field by field, keeping what the test knows of each. */
  static ResponseCase responseCase(Random random) {
    ResponseBuilder out = new ResponseBuilder(random, random.nextBoolean());
    out.cacheControl();
    out.expiresAndDate();
    out.age();
    out.vary();
    out.setCookie();
    out.validators();
    byte[] body = new byte[random.nextInt(64) == 0 ? HUGE : random.nextInt(2000)];
    random.nextBytes(body);
    return out.build(body);
  }

  /** Collects the fields of one generated response and the facts about them. */
  private static final class ResponseBuilder {
    private final Random random;
    private final List<Field> headers = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final List<Optional<Long>> maxAges = new ArrayList<>();
    private final List<Optional<Long>> sMaxAges = new ArrayList<>();
    private Duration expiresLifetime = DEFAULT_TTL;
    private boolean expiresPresent;
    private Duration age = Duration.ZERO;
    private Duration apparentAge = Duration.ZERO;
    private List<String> varied = List.of();
    private boolean wellFormed = true;
    private boolean oddQuoteUsed;
    /** Whether every field is drawn from its well-formed, storable choices only. */
    private final boolean onlyWellFormed;

    ResponseBuilder(Random random, boolean onlyWellFormed) {
      this.random = random;
      this.onlyWellFormed = onlyWellFormed;
    }

    /** {@code random.nextInt(bound)}, drawn only among {@code wellFormed} when the case is only well formed. */
    private int choice(int bound, List<Integer> wellFormedChoices) {
      return onlyWellFormed ? wellFormedChoices.get(random.nextInt(wellFormedChoices.size())) : random.nextInt(bound);
    }

    void cacheControl() {
      int lines = random.nextInt(4);
      for (int line = 0; line < lines; line++) {
        List<String> elements = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
          elements.add(directive());
        }
        if (!onlyWellFormed && random.nextInt(8) == 0) {
          wellFormed = false;
          elements.add(random.nextInt(elements.size() + 1), "");
        }
        String separator = random.nextBoolean() ? "," : whitespace(random) + "," + whitespace(random);
        header("Cache-Control", String.join(separator, elements));
      }
    }

    /** One directive; records what it means. */
    private String directive() {
      switch (choice(12, List.of(0, 1, 2, 6, 7, 8))) {
        case 0, 1 -> {
          long seconds = switch (random.nextInt(4)) {
            case 0 -> random.nextLong(1L << 40);
            case 1 -> random.nextInt(600);
            default -> random.nextInt(7200);
          };
          boolean shared = random.nextInt(3) == 0;
          (shared ? sMaxAges : maxAges).add(Optional.of(Math.min(seconds, DeltaSeconds.MAXIMUM)));
          String argument = quotesAllowed() && random.nextInt(5) == 0 ? "\"" + seconds + "\"" : Long.toString(seconds);
          return randomCase(random, shared ? "s-maxage" : "max-age") + "=" + argument;
        }
        case 2 -> {
          String digits = "9".repeat(20 + random.nextInt(300));
          maxAges.add(Optional.of(DeltaSeconds.MAXIMUM));
          return randomCase(random, "max-age") + "=" + digits;
        }
        case 3 -> {
          wellFormed = false;
          boolean shared = random.nextInt(3) == 0;
          (shared ? sMaxAges : maxAges).add(Optional.empty());
          String argument = MALFORMED_DELTAS.get(random.nextInt(MALFORMED_DELTAS.size()));
          if (argument.contains("\"") && !quotesAllowed()) {
            argument = "-1";
          }
          oddQuoteUsed |= argument.equals("\"12");
          String name = randomCase(random, shared ? "s-maxage" : "max-age");
          return random.nextInt(6) == 0 ? name : name + "=" + argument;
        }
        case 4, 5 -> {
          String name = List.of("no-store", "private", "no-cache").get(random.nextInt(3));
          refusals.add(name);
          return switch (random.nextInt(5)) {
            case 0 -> randomCase(random, name) + (quotesAllowed() ? "=\"Set-Cookie, X-Other\"" : "=Set-Cookie");
            case 1 -> randomCase(random, name) + "=" + randomToken(random, 1 + random.nextInt(8));
            case 2 -> randomCase(random, name) + ";x";
            default -> randomCase(random, name);
          };
        }
        case 6, 7 -> {
          return randomCase(
              random, List.of("public", "must-revalidate", "immutable", "proxy-revalidate").get(random.nextInt(4)));
        }
        case 8 -> {
          String name = "x-" + randomToken(random, 1 + random.nextInt(10));
          if (random.nextInt(16) == 0) {
            return name + "=" + "a".repeat(HUGE);
          }
          // a quoted comma does not split the list; (a refusing word such as no-store inside quotes refuses on
          // purpose, so the quoted text here holds none)
          return random.nextBoolean() || !quotesAllowed() ? name : name + "=\"" + randomToken(random, 5) + ", immutable\"";
        }
        case 9 -> {
          if (!quotesAllowed()) {
            return "x-odd";
          }
          oddQuoteUsed = true;
          wellFormed = false;
          String odd = ODD_QUOTES.get(random.nextInt(ODD_QUOTES.size()));
          if (odd.startsWith("max-age")) {
            maxAges.add(Optional.empty());
          }
          return odd;
        }
        default -> {
          wellFormed = false;
          String garbage = arbitraryString(random, List.of("=", ";", "max-age=1e3", "-")).replace("\"", "");
          return random.nextInt(32) == 0 ? garbage.repeat(HUGE / Math.max(1, garbage.length()) + 1) : garbage;
        }
      }
    }

    /**
     * Whether a directive may still hold a double quote: not after an unterminated one, which a later quote
     * would close (a reading the test cannot tell apart from a quoted-string holding what lies between).
     */
    private boolean quotesAllowed() {
      return !oddQuoteUsed;
    }

    void expiresAndDate() {
      Instant received = NOW;
      switch (choice(5, List.of(0, 2))) {
        case 0 -> {
          // a well-formed response is mostly recent, so that its Date leaves it fresh more often than not
          Instant date = NOW.minusSeconds(random.nextInt(onlyWellFormed ? 2000 : 100_000) - 1000);
          header("Date", random.nextBoolean() ? IMF_FIXDATE.format(date) : ASCTIME.format(date));
          received = date;
          apparentAge = nonNegative(Duration.between(date, NOW));
          if (!onlyWellFormed && random.nextInt(4) == 0) {
            header("Date", IMF_FIXDATE.format(NOW.plusSeconds(random.nextInt(100_000))));
          }
        }
        case 1 -> {
          header("Date", garbageDate());
        }
        default -> {
          // no Date: the time of receipt
        }
      }
      switch (choice(6, List.of(0, 3))) {
        case 0 -> {
          Instant expires = NOW.plusSeconds(random.nextInt(20_000) - 2000);
          expiresPresent = true;
          header("Expires", IMF_FIXDATE.format(expires));
          expiresLifetime = nonNegative(Duration.between(received, expires));
          if (!onlyWellFormed && random.nextInt(4) == 0) {
            header("Expires", IMF_FIXDATE.format(expires));
            expiresLifetime = Duration.ZERO; // repeated: already expired
            wellFormed = false;
          }
        }
        case 1, 2 -> {
          expiresPresent = true;
          wellFormed = false;
          header("Expires", garbageDate());
          expiresLifetime = Duration.ZERO;
        }
        default -> {
          // no Expires
        }
      }
    }

    private String garbageDate() {
      wellFormed = false;
      return random.nextInt(16) == 0
          ? "Wed, 25 Nov 2026 12:00:00 GMT".repeat(HUGE / 29)
          : GARBAGE_DATES.get(random.nextInt(GARBAGE_DATES.size()));
    }

    void age() {
      switch (choice(8, List.of(0, 0, 3, 5, 6, 7))) {
        case 0 -> {
          long seconds = random.nextInt(onlyWellFormed ? 1000 : 100_000);
          age = Duration.ofSeconds(seconds);
          header("Age", Long.toString(seconds));
        }
        case 1 -> {
          long seconds = random.nextInt(100_000);
          age = Duration.ofSeconds(seconds);
          header("Age", seconds + ", " + random.nextInt(100));
          wellFormed = false;
        }
        case 2 -> {
          long seconds = random.nextInt(100);
          age = Duration.ofSeconds(seconds);
          header("Age", Long.toString(seconds));
          header("Age", Long.toString(random.nextInt(100_000)));
          wellFormed = false;
        }
        case 3 -> {
          age = Duration.ofSeconds(DeltaSeconds.MAXIMUM);
          header("Age", randomDigits(random, 20 + random.nextInt(40)).replaceFirst("^0*", "9"));
        }
        case 4 -> {
          wellFormed = false;
          header("Age", List.of("-5", "1e3", "+5", "0x10", "", "1.5", "abc", "\"5\"").get(random.nextInt(8)));
        }
        default -> {
          // no Age
        }
      }
    }

    void vary() {
      switch (choice(8, List.of(2, 3, 4, 5, 6, 7))) {
        case 0 -> {
          refusals.add("Vary: *");
          header("Vary", randomCase(random, VARIED.get(random.nextInt(VARIED.size()))) + ", *");
        }
        case 1 -> {
          refusals.add("malformed Vary");
          header("Vary", List.of("\"Accept\"", "Accept Language", "Accept-Language;q=1", "é").get(random.nextInt(4)));
        }
        case 2, 3 -> {
          List<String> names = new ArrayList<>();
          List<String> elements = new ArrayList<>();
          int count = 1 + random.nextInt(3);
          for (int i = 0; i < count; i++) {
            String name = VARIED.get(random.nextInt(VARIED.size()));
            names.add(name);
            elements.add(randomCase(random, name));
            if (random.nextInt(3) == 0) {
              elements.add("");
            }
          }
          varied = names.stream().distinct().toList();
          header("Vary", String.join(random.nextBoolean() ? "," : " ,\t", elements));
        }
        case 4 -> {
          int count = 1000 + random.nextInt(3000);
          StringBuilder many = new StringBuilder();
          for (int i = 0; i < count; i++) {
            many.append(i == 0 ? "" : ", ").append("X-Name-").append(i);
          }
          header("Vary", many.toString());
        }
        default -> {
          // no Vary
        }
      }
    }

    void setCookie() {
      if (!onlyWellFormed && random.nextInt(8) == 0) {
        refusals.add("Set-Cookie");
        String name = List.of("Set-Cookie", "set-cookie", "SET-COOKIE", "Set-Cookie2").get(random.nextInt(4));
        headers.add(
            random.nextInt(headers.size() + 1), new Field(name, random.nextBoolean() ? "" : "id=" + randomToken(random, 8)));
      }
    }

    void validators() {
      if (random.nextBoolean()) {
        String tag = onlyWellFormed ? "v" + random.nextInt(3) : OPAQUE_TAGS.get(random.nextInt(OPAQUE_TAGS.size()));
        header("ETag", List.of("\"" + tag + "\"", "W/\"" + tag + "\"", tag, "\"" + tag, "w/\"" + tag + "\"")
            .get(choice(5, List.of(0, 1))));
      }
      if (random.nextBoolean()) {
        header("Last-Modified", onlyWellFormed || random.nextBoolean()
            ? IMF_FIXDATE.format(NOW.minusSeconds(86_400)) : garbageDate());
      }
    }

    private void header(String name, String value) {
      headers.add(new Field(random.nextInt(4) == 0 ? randomCase(random, name) : name, value));
    }

    ResponseCase build(byte[] body) {
      // RFC 9111 §4.2.1: a shared cache takes s-maxage, else max-age, else Expires minus Date, else its heuristic
      // (here the configured default lifetime); the cache's maximum TTL caps whichever it is.
      Duration freshness;
      if (!sMaxAges.isEmpty()) {
        freshness = agreed(sMaxAges);
      } else if (!maxAges.isEmpty()) {
        freshness = agreed(maxAges);
      } else if (expiresPresent) {
        freshness = expiresLifetime;
      } else {
        freshness = DEFAULT_TTL;
      }
      freshness = freshness.compareTo(MAXIMUM_TTL) > 0 ? MAXIMUM_TTL : freshness;
      Optional<String> refusal = refusals.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", refusals));
      Duration initialAge = age.compareTo(apparentAge) > 0 ? age : apparentAge;
      return new ResponseCase(
          List.copyOf(headers), body, refusal, freshness, initialAge, varied, wellFormed && refusals.isEmpty());
    }

    /** The value every occurrence agrees on, or zero (stale) when one is malformed or they differ. */
    private static Duration agreed(List<Optional<Long>> occurrences) {
      List<Optional<Long>> distinct = occurrences.stream().distinct().toList();
      return distinct.size() == 1 && distinct.get(0).isPresent()
          ? Duration.ofSeconds(distinct.get(0).get())
          : Duration.ZERO;
    }

    private static Duration nonNegative(Duration d) {
      return d.isNegative() ? Duration.ZERO : d;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Requests with malformed conditional and caching headers, against a stored page.

  /**
   * A generated request and what the test knows about it.
   *
   * @param headers the request fields
   * @param bypass why it must bypass the cache, if it must
   * @param notModified whether it validly asks for a 304 of the stored page
   */
  record RequestCase(List<Field> headers, Optional<String> bypass, boolean notModified) {
    @Override
    public String toString() {
      return headers.stream().map(f -> f.name() + ": " + f.value()).collect(Collectors.joining(" | "));
    }
  }

  /** The stored page's validators: its entity-tag's opaque part and {@code Last-Modified}. */
  private static final String PAGE_TAG = "v1";
  private static final Instant LAST_MODIFIED = NOW.minusSeconds(86_400);

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void malformedRequestHeadersNeverThrowNorYieldAnUnaskedFor304(RequestCase generated) {
    HttpCache cache = cache();
    PipelineStep step = cache.step();
    byte[] body = ("the page " + generated.headers().size()).getBytes(StandardCharsets.UTF_8);
    List<Field> pageFields = List.of(
        new Field("Cache-Control", "max-age=600"),
        new Field("ETag", (generated.headers().size() % 2 == 0 ? "W/" : "") + "\"" + PAGE_TAG + "\""),
        new Field("Last-Modified", IMF_FIXDATE.format(LAST_MODIFIED)),
        new Field("Content-Type", "text/plain;charset=utf-8"),
        new Field("Content-Language", "en"),
        new Field("Content-Location", "/page.en"),
        new Field("Vary", "Accept-Language"),
        new Field("Expires", IMF_FIXDATE.format(NOW.plusSeconds(86_400))),
        new Field("X-Build", "42"));
    CapturedResponse.Builder capture = CapturedResponse.builder();
    pageFields.forEach(field -> capture.header(field.name(), field.value()));
    CapturedResponse page = capture.body(body).build();
    CacheRequest plain = request(List.of());
    step.completed(((Proceed) step.before(plain)).exchange(), page);
    assertThat(cache.stats().stores()).isEqualTo(1);
    CacheRequest request = request(generated.headers());

    RequestDecision admission = cache.policy().admit(request);
    Outcome outcome = step.before(request);

    if (generated.bypass().isPresent()) {
      assertThat(admission).as(generated.bypass().get()).isInstanceOf(RequestDecision.Bypass.class);
      assertThat(outcome).isInstanceOf(Proceed.class);
      assertThat(((Proceed) outcome).exchange().capturesBody()).isFalse();
      return;
    }
    assertThat(outcome).isInstanceOf(Answer.class);
    CachedResponse answer = ((Answer) outcome).response();
    // A hit is what the application sent, plus the Date a cache adds to a response without one (RFC 9110
    // §6.6.1), the length of the body it holds and its Age (RFC 9111 §5.1), here zero: the clock stands still.
    List<String> full = new ArrayList<>(fieldLines(pageFields));
    full.addAll(List.of("date: " + IMF_FIXDATE.format(NOW), "content-length: " + body.length, "age: 0"));
    if (generated.notModified()) {
      // RFC 9110 §15.4.5: a 304 has no content, and carries of the 200's fields those that would guide the
      // client's cache (Cache-Control, Content-Location, Date, ETag, Expires, Vary, Last-Modified) and Age.
      assertThat(answer.status()).isEqualTo(304);
      assertThat(answer.bodyLength()).as("a 304's body").isZero();
      assertThat(answer.headers().contains("Content-Length")).as("a 304's Content-Length").isFalse();
      assertThat(fieldLines(answer.headers().fields())).containsExactlyInAnyOrderElementsOf(
          full.stream().filter(line -> NOT_MODIFIED_FIELDS.contains(line.substring(0, line.indexOf(':')))).toList());
    } else {
      assertThat(answer.status()).as("a full answer, not a 304").isEqualTo(200);
      assertThat(answer.bodyBytes()).isEqualTo(body);
      assertThat(fieldLines(answer.headers().fields())).containsExactlyInAnyOrderElementsOf(full);
    }
    assertThat(cache.stats().stores()).isEqualTo(1);
  }

  /** The fields a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), and a cache's Age. */
  private static final List<String> NOT_MODIFIED_FIELDS =
      List.of("cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified", "age");

  /** Each field as {@code name: value} with the name in lower case (names are case-insensitive). */
  private static List<String> fieldLines(List<Field> fields) {
    return fields.stream().map(field -> field.name().toLowerCase(Locale.ROOT) + ": " + field.value()).toList();
  }

  static Stream<Arguments> malformedRequests() {
    return cases(CASES_PER_SOURCE, CacheDecisionGeneratedInputTest::requestCase, RequestCase::toString);
  }

  @Test
  void generatedRequestsOftenAskValidlyForA304() {
    List<RequestCase> inputs = inputs(CASES_PER_SOURCE, CacheDecisionGeneratedInputTest::requestCase);

    assertReaches(inputs, 0.15, "requests that validly ask for a 304",
        generated -> generated.notModified() && generated.bypass().isEmpty());
    assertReaches(inputs, 0.15, "requests that must get the whole page",
        generated -> !generated.notModified() && generated.bypass().isEmpty());
    assertReaches(inputs, 0.1, "requests that must bypass the cache", generated -> generated.bypass().isPresent());
  }

  private static RequestCase requestCase(Random random) {
    List<Field> headers = new ArrayList<>();
    List<String> bypass = new ArrayList<>();
    Optional<Boolean> ifNoneMatch = ifNoneMatch(random, headers);
    boolean ifModifiedSince = ifModifiedSince(random, headers);
    requestCacheControl(random, headers, bypass);
    if (random.nextInt(3) == 0) {
      String value = List.of("no-cache", "NO-CACHE", "", "garbage=\"", "no-cache, no-cache").get(random.nextInt(5));
      headers.add(new Field(randomCase(random, "Pragma"), value));
    }
    Collections.shuffle(headers, random);
    boolean notModified = ifNoneMatch.orElse(ifModifiedSince);
    return new RequestCase(
        List.copyOf(headers), bypass.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", bypass)), notModified);
  }

  /**
   * Adds zero or more {@code If-None-Match} fields; empty when none was added, else whether they validly
   * match the page's tag.
   */
  private static Optional<Boolean> ifNoneMatch(Random random, List<Field> headers) {
    String tag = "\"" + PAGE_TAG + "\"";
    List<String> values = new ArrayList<>();
    boolean valid = true;
    boolean matches = false;
    switch (random.nextInt(10)) {
      case 0, 1 -> {
        int count = 1 + random.nextInt(random.nextInt(16) == 0 ? 4000 : 4);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          tags.add((random.nextBoolean() ? "W/" : "") + "\"x" + i + "\"");
        }
        if (random.nextBoolean()) {
          tags.add(random.nextInt(tags.size() + 1), (random.nextBoolean() ? "W/" : "") + tag);
          matches = true;
        }
        values.add(String.join(", ", tags));
      }
      case 2 -> {
        values.add(" * ");
        matches = true;
      }
      case 3 -> {
        int fields = 2 + random.nextInt(random.nextInt(8) == 0 ? 1000 : 3);
        for (int i = 0; i < fields; i++) {
          values.add("\"other" + i + "\"");
        }
        if (random.nextBoolean()) {
          values.set(random.nextInt(fields), tag);
          matches = true;
        }
      }
      case 4, 5 -> {
        valid = false;
        values.add(
            List.of(
                    PAGE_TAG, "\"" + PAGE_TAG, PAGE_TAG + "\"", "W/" + PAGE_TAG, "w/" + tag, tag + ", *", "*, *",
                    tag + " \"v2\"", "", " ", ",", tag + ";", "\u00e9" + tag, tag + ", \"unterminated", "W/ " + tag)
                .get(random.nextInt(15)));
      }
      case 6 -> {
        valid = false;
        values.add(tag);
        values.add("*");
      }
      case 7 -> {
        valid = false;
        values.add("\"" + "a".repeat(HUGE));
      }
      default -> {
        return Optional.empty();
      }
    }
    for (String value : values) {
      headers.add(new Field(randomCase(random, "If-None-Match"), value));
    }
    return Optional.of(valid && matches);
  }

  /** Adds zero or more {@code If-Modified-Since} fields; whether they validly ask for a 304. */
  private static boolean ifModifiedSince(Random random, List<Field> headers) {
    String name = randomCase(random, "If-Modified-Since");
    switch (random.nextInt(8)) {
      case 0 -> {
        long offset = random.nextInt(200_000) - 100_000;
        Instant since = LAST_MODIFIED.plusSeconds(offset);
        headers.add(new Field(name, random.nextBoolean() ? IMF_FIXDATE.format(since) : ASCTIME.format(since)));
        return offset >= 0 && !since.isAfter(NOW);
      }
      case 1 -> {
        headers.add(new Field(name, IMF_FIXDATE.format(LAST_MODIFIED)));
        return true;
      }
      case 2 -> {
        headers.add(new Field(name, IMF_FIXDATE.format(LAST_MODIFIED)));
        headers.add(new Field(name, IMF_FIXDATE.format(LAST_MODIFIED)));
        return false; // repeated: ignored
      }
      case 3, 4 -> {
        headers.add(
            new Field(
                name,
                random.nextInt(16) == 0
                    ? IMF_FIXDATE.format(NOW).repeat(HUGE / 29)
                    : GARBAGE_DATES.get(random.nextInt(GARBAGE_DATES.size()))));
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /** Adds zero or more request {@code Cache-Control} fields, noting a {@code no-store} among them. */
  private static void requestCacheControl(Random random, List<Field> headers, List<String> bypass) {
    int lines = random.nextInt(3);
    for (int line = 0; line < lines; line++) {
      List<String> elements = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        switch (random.nextInt(6)) {
          case 0 -> {
            bypass.add("request no-store");
            elements.add(randomCase(random, "no-store") + (random.nextBoolean() ? "" : "=x"));
          }
          case 1 -> elements.add("max-age=" + (random.nextBoolean() ? "99999999999999999999" : "-1"));
          case 2 -> elements.add(randomCase(random, List.of("no-cache", "only-if-cached", "max-stale", "min-fresh=1e3")
              .get(random.nextInt(4))));
          case 3 -> elements.add(line == 0 && i == 0 ? "x=\"unterminated" : "x");
          case 4 -> elements.add(random.nextInt(16) == 0 ? "x".repeat(HUGE) : "");
          default -> elements.add(arbitraryString(random, List.of("=", ";")).replace("\"", ""));
        }
      }
      headers.add(new Field(randomCase(random, "Cache-Control"), String.join(",", elements)));
    }
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * The cache these cases are judged against: revalidation off, so that a stale or {@code no-cache} response
   * is refused whatever its validators (RevalidationGeneratedInputTest judges the same cases with it on).
   */
  static HttpCache cache() {
    return HttpCache.builder()
        .revalidationWindow(Duration.ZERO)
        .clock(MutableClock.standingStill())
        .defaultTtl(DEFAULT_TTL)
        .maximumTtl(MAXIMUM_TTL)
        .maximumEntries(16)
        .build();
  }

  /** A GET of the one page every case uses, carrying the varied request headers and then {@code extra}. */
  static CacheRequest request(List<Field> extra) {
    TestRequests.Builder request = TestRequests.get("/page");
    List<String> overridden = extra.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    for (String name : VARIED) {
      if (!overridden.contains(name.toLowerCase(Locale.ROOT))) {
        request.header(name, "same");
      }
    }
    extra.forEach(field -> request.header(field.name(), field.value()));
    return request.build();
  }

  private static Optional<CacheKey> primary(CachePolicy policy, CacheRequest request) {
    return policy.admit(request) instanceof RequestDecision.Miss miss ? Optional.of(miss.key()) : Optional.empty();
  }

  static CapturedResponse capture(ResponseCase generated) {
    CapturedResponse.Builder capture = CapturedResponse.builder().status(200);
    generated.headers().forEach(field -> capture.header(field.name(), field.value()));
    return capture.body(generated.body()).build();
  }
}
