package dev.surge.cache.internal;

import static dev.surge.cache.internal.GeneratedInput.arbitraryLines;
import static dev.surge.cache.internal.GeneratedInput.arbitraryString;
import static dev.surge.cache.internal.GeneratedInput.cases;
import static dev.surge.cache.internal.GeneratedInput.isToken;
import static dev.surge.cache.internal.GeneratedInput.noisyLines;
import static dev.surge.cache.internal.GeneratedInput.quote;
import static dev.surge.cache.internal.GeneratedInput.randomCase;
import static dev.surge.cache.internal.GeneratedInput.randomDigits;
import static dev.surge.cache.internal.GeneratedInput.randomToken;
import static dev.surge.cache.internal.GeneratedInput.trim;
import static dev.surge.cache.internal.GeneratedInput.whitespace;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded generated-input tests for the header parsers: arbitrary strings must never make a parser throw and
 * must give results that are internally consistent, and valid values generated from random structured values
 * must read back as those values.
 *
 * <p>The generators are shared with the other generated-input tests ({@link GeneratedInput}). Every case is
 * named by its seed and index. To reproduce a failure, run again with the same seed, for
 * example {@code mvn test -Dtest=HeaderParsingGeneratedInputTest -Dsurge.test.seed=20261125}: each source
 * draws its cases in order from {@code new Random(seed)}, so the same seed gives the same cases.
 */
class HeaderParsingGeneratedInputTest {

  private static final List<String> CACHE_CONTROL_FRAGMENTS =
      List.of(
          "max-age=", "s-maxage=", "max-stale", "min-fresh=", "stale-while-revalidate=", "stale-if-error=",
          "no-cache", "no-store", "private", "public", "must-revalidate", "only-if-cached", "=\"", "\\\"");
  private static final List<String> DATE_FRAGMENTS =
      List.of(
          "Sun", "Sunday", "Mon", "Wednesday", "Nov", "Feb", "Dec", "GMT", ", ", "06 Nov 1994 ", "08:49:37",
          "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "29",
          "60", "99", "0000", "9999");
  private static final List<String> ETAG_FRAGMENTS = List.of("\"abc\"", "W/\"", "w/", "\"\"", "\u00e9");
  private static final List<String> VARY_FRAGMENTS =
      List.of("Accept-Encoding", "accept", "User-Agent", "*", ", ", "Origin", "\"Accept\"");
  private static final List<String> DELTA_FRAGMENTS = List.of("0", "2147483648", "-", "+", ".", "e");

  private static final List<String> KNOWN_DIRECTIVES =
      List.of(
          "no-store", "no-cache", "private", "public", "must-revalidate", "proxy-revalidate", "only-if-cached",
          "no-transform", "immutable", "must-understand", "max-age", "s-maxage", "stale-while-revalidate",
          "stale-if-error", "max-stale", "min-fresh");
  private static final Set<String> DELTA_DIRECTIVES =
      Set.of("max-age", "s-maxage", "stale-while-revalidate", "stale-if-error", "max-stale", "min-fresh");

  private static final BigInteger MAXIMUM = BigInteger.valueOf(DeltaSeconds.MAXIMUM);
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(ZoneOffset.UTC);

  /** Surefire reports a failed case by its index only, so the failure itself names the seed and the case. */
  @RegisterExtension
  static final TestExecutionExceptionHandler NAME_THE_FAILING_CASE = GeneratedInput.nameTheFailingCase();

  // ---------------------------------------------------------------------------------------------------------
  // Arbitrary input: never throws, and whatever is read is consistent and renders back to itself.

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryCacheControlLines")
  void cacheControlReadsArbitraryLinesConsistently(List<String> lines) {
    CacheControl cc = CacheControl.parse(lines);

    assertThat(cc.noStore()).isEqualTo(cc.has("no-store"));
    assertThat(cc.noCache()).isEqualTo(cc.has("No-Cache"));
    assertThat(cc.isPrivate()).isEqualTo(cc.has("private"));
    assertThat(cc.isPublic()).isEqualTo(cc.has("public"));
    assertThat(cc.mustRevalidate()).isEqualTo(cc.has("must-revalidate"));
    assertThat(cc.onlyIfCached()).isEqualTo(cc.has("only-if-cached"));
    List<Optional<Duration>> deltas =
        List.of(cc.maxAge(), cc.sMaxAge(), cc.staleWhileRevalidate(), cc.staleIfError(), cc.maxStale(), cc.minFresh());
    for (Optional<Duration> delta : deltas) {
      delta.ifPresent(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(DeltaSeconds.MAXIMUM)));
    }
    assertThat(cc.maxAge().isPresent()).isEqualTo(cc.has("max-age"));
    assertThat(cc.sMaxAge().isPresent()).isEqualTo(cc.has("s-maxage"));
    assertThat(cc.staleWhileRevalidate().isPresent()).isEqualTo(cc.has("stale-while-revalidate"));
    assertThat(cc.staleIfError().isPresent()).isEqualTo(cc.has("stale-if-error"));
    assertThat(cc.maxStale().isPresent()).isEqualTo(cc.has("max-stale"));
    assertThat(cc.minFresh().isPresent()).isEqualTo(cc.has("min-fresh"));
    CacheControl reparsed = CacheControl.parse(List.of(cc.toHeaderValue()));
    assertThat(reparsed).isEqualTo(cc).hasSameHashCodeAs(cc);
    assertThat(reparsed.toHeaderValue()).isEqualTo(cc.toHeaderValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryDateStrings")
  void httpDatesReadArbitraryStringsConsistently(String value) {
    Optional<Instant> parsed = HttpDates.parse(value);

    parsed.ifPresent(
        instant -> {
          assertThat(instant).isBetween(EARLIEST, LATEST);
          assertThat(instant.getNano()).isZero();
          assertThat(HttpDates.parse(HttpDates.format(instant))).contains(instant);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryEntityTagStrings")
  void entityTagReadsArbitraryStringsConsistently(String value) {
    Optional<EntityTag> parsed = EntityTag.parse(value);

    parsed.ifPresent(
        tag -> {
          assertThat(trim(value)).isEqualTo(tag.toHeaderValue());
          assertThat(EntityTag.parse(tag.toHeaderValue())).contains(tag);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryEntityTagLines")
  void entityTagConditionReadsArbitraryLinesConsistently(List<String> lines) {
    Optional<EntityTagCondition> parsed = EntityTagCondition.parse(lines);

    parsed.ifPresent(
        condition -> {
          assertThat(condition.tags().isEmpty()).isEqualTo(condition.any());
          assertThat(EntityTagCondition.parse(List.of(condition.toHeaderValue()))).contains(condition);
          for (EntityTag tag : condition.tags()) {
            assertThat(condition.matchesWeakly(tag)).isTrue();
            assertThat(condition.matchesWeakly(new EntityTag(tag.opaqueTag(), !tag.weak()))).isTrue();
            assertThat(condition.matchesStrongly(EntityTag.strong(tag.opaqueTag()))).isEqualTo(
                condition.tags().contains(EntityTag.strong(tag.opaqueTag())));
            assertThat(condition.matchesStrongly(EntityTag.weak(tag.opaqueTag()))).isFalse();
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryVaryLines")
  void varyReadsArbitraryLinesConsistently(List<String> lines) {
    VaryHeader vary = VaryHeader.parse(lines);

    assertThat(vary.names()).doesNotHaveDuplicates();
    assertThat(vary.names()).allSatisfy(name -> assertThat(isToken(name) && !name.equals("*")).isTrue());
    assertThat(vary.names()).allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
    assertThat(vary.isEmpty()).isEqualTo(!vary.any() && vary.names().isEmpty());
    VaryHeader reparsed = VaryHeader.parse(List.of(vary.toHeaderValue()));
    assertThat(reparsed.malformed()).isFalse();
    assertThat(reparsed.any()).isEqualTo(vary.any());
    assertThat(reparsed.names()).isEqualTo(vary.names());
    if (!vary.malformed()) {
      assertThat(reparsed).isEqualTo(vary).hasSameHashCodeAs(vary);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryDeltaStrings")
  void deltaSecondsReadsArbitraryStringsConsistently(String value) {
    OptionalLong parsed = DeltaSeconds.parse(value);

    String trimmed = trim(value);
    boolean digits = !trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9');
    assertThat(parsed.isPresent()).isEqualTo(digits);
    if (digits) {
      assertThat(parsed).hasValue(new BigInteger(trimmed).min(MAXIMUM).longValueExact());
    }
  }

  static Stream<Arguments> arbitraryCacheControlLines() {
    return cases(random -> arbitraryLines(random, CACHE_CONTROL_FRAGMENTS), Object::toString);
  }

  static Stream<Arguments> arbitraryDateStrings() {
    return cases(random -> arbitraryString(random, DATE_FRAGMENTS), Function.identity());
  }

  static Stream<Arguments> arbitraryEntityTagStrings() {
    return cases(random -> arbitraryString(random, ETAG_FRAGMENTS), Function.identity());
  }

  static Stream<Arguments> arbitraryEntityTagLines() {
    return cases(random -> arbitraryLines(random, ETAG_FRAGMENTS), Object::toString);
  }

  static Stream<Arguments> arbitraryVaryLines() {
    return cases(random -> arbitraryLines(random, VARY_FRAGMENTS), Object::toString);
  }

  static Stream<Arguments> arbitraryDeltaStrings() {
    return cases(random -> arbitraryString(random, DELTA_FRAGMENTS), Function.identity());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Valid input generated from structured values reads back as those values.

  /** A directive as generated: lower-case name and optional argument, as the parser should report them. */
  record Directive(String name, Optional<String> argument) {}

  /** A Cache-Control value as generated, its canonical rendering, and a noisy but equivalent rendering. */
  record CacheControlCase(List<Directive> directives, String canonical, List<String> noisy) {
    @Override
    public String toString() {
      return noisy.toString();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCacheControls")
  void cacheControlReadsGeneratedDirectivesBack(CacheControlCase generated) {
    CacheControl fromNoisy = CacheControl.parse(generated.noisy());
    CacheControl fromCanonical = CacheControl.parse(List.of(generated.canonical()));

    assertThat(fromCanonical.toHeaderValue()).isEqualTo(generated.canonical());
    assertThat(fromNoisy).isEqualTo(fromCanonical).hasSameHashCodeAs(fromCanonical);
    assertThat(fromNoisy.toHeaderValue()).isEqualTo(generated.canonical());
    assertThat(CacheControl.parse(List.of(fromNoisy.toHeaderValue()))).isEqualTo(fromNoisy);
    for (Directive directive : generated.directives()) {
      assertThat(fromNoisy.has(directive.name().toUpperCase(Locale.ROOT))).isTrue();
      assertThat(fromNoisy.argument(directive.name())).isEqualTo(directive.argument());
    }
    assertThat(fromNoisy.maxAge()).isEqualTo(expectedDelta(generated, "max-age", Duration.ZERO));
    assertThat(fromNoisy.sMaxAge()).isEqualTo(expectedDelta(generated, "s-maxage", Duration.ZERO));
    assertThat(fromNoisy.staleWhileRevalidate())
        .isEqualTo(expectedDelta(generated, "stale-while-revalidate", Duration.ZERO));
    assertThat(fromNoisy.staleIfError()).isEqualTo(expectedDelta(generated, "stale-if-error", Duration.ZERO));
    assertThat(fromNoisy.maxStale())
        .isEqualTo(expectedDelta(generated, "max-stale", Duration.ofSeconds(DeltaSeconds.MAXIMUM)));
    assertThat(fromNoisy.minFresh()).isEqualTo(expectedDelta(generated, "min-fresh", Duration.ZERO));
    List<String> names = generated.directives().stream().map(Directive::name).toList();
    assertThat(fromNoisy.noStore()).isEqualTo(names.contains("no-store"));
    assertThat(fromNoisy.noCache()).isEqualTo(names.contains("no-cache"));
    assertThat(fromNoisy.isPrivate()).isEqualTo(names.contains("private"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validInstants")
  void httpDatesReadGeneratedInstantsBack(Instant instant) {
    Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
    String formatted = HttpDates.format(instant);

    assertThat(formatted).isEqualTo(IMF_FIXDATE.format(instant));
    assertThat(HttpDates.parse(formatted)).contains(truncated);
    assertThat(HttpDates.parse(ASCTIME.format(instant))).contains(truncated);
    int year = LocalDateTime.ofInstant(instant, ZoneOffset.UTC).getYear();
    int currentYearWithinWindow = year - 50 + Math.floorMod(instant.getEpochSecond(), 100);
    assertThat(HttpDates.parse(RFC_850.format(instant), currentYearWithinWindow)).contains(truncated);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validEntityTags")
  void entityTagReadsGeneratedTagsBack(EntityTag tag) {
    String expected = (tag.weak() ? "W/" : "") + '"' + tag.opaqueTag() + '"';

    assertThat(tag.toHeaderValue()).isEqualTo(expected);
    assertThat(EntityTag.parse(expected)).contains(tag);
    assertThat(EntityTag.parse(" \t" + expected + "\t ")).contains(tag);
  }

  /** An entity-tag condition as generated, and a noisy rendering of it over several lines. */
  record ConditionCase(boolean any, List<EntityTag> tags, List<String> lines) {
    @Override
    public String toString() {
      return lines.toString();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validConditions")
  void entityTagConditionReadsGeneratedListsBack(ConditionCase generated) {
    Optional<EntityTagCondition> parsed = EntityTagCondition.parse(generated.lines());

    assertThat(parsed).isPresent();
    EntityTagCondition condition = parsed.orElseThrow();
    assertThat(condition.any()).isEqualTo(generated.any());
    assertThat(condition.tags()).isEqualTo(generated.tags());
    assertThat(EntityTagCondition.parse(List.of(condition.toHeaderValue()))).contains(condition);
  }

  /** A Vary value as generated: expected names and star, and a noisy rendering over several lines. */
  record VaryCase(boolean any, List<String> names, List<String> lines) {
    @Override
    public String toString() {
      return lines.toString();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVaryValues")
  void varyReadsGeneratedNamesBack(VaryCase generated) {
    VaryHeader vary = VaryHeader.parse(generated.lines());

    assertThat(vary.malformed()).isFalse();
    assertThat(vary.any()).isEqualTo(generated.any());
    assertThat(vary.names()).isEqualTo(generated.names());
    assertThat(vary.isEmpty()).isEqualTo(!generated.any() && generated.names().isEmpty());
    assertThat(VaryHeader.parse(List.of(vary.toHeaderValue()))).isEqualTo(vary);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validDeltaSeconds")
  void deltaSecondsReadsGeneratedNumbersBack(String value) {
    BigInteger expected = new BigInteger(value.strip()).min(MAXIMUM);

    assertThat(DeltaSeconds.parse(value)).hasValue(expected.longValueExact());
  }

  static Stream<Arguments> validCacheControls() {
    return cases(HeaderParsingGeneratedInputTest::cacheControlCase, CacheControlCase::toString);
  }

  static Stream<Arguments> validInstants() {
    return cases(
        random -> {
          boolean anyYear = random.nextBoolean();
          Instant from = anyYear ? EARLIEST : Instant.parse("1900-01-01T00:00:00Z");
          Instant to = anyYear ? LATEST : Instant.parse("2100-12-31T23:59:59Z");
          long second = from.getEpochSecond() + random.nextLong(to.getEpochSecond() - from.getEpochSecond() + 1);
          return Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
        },
        Instant::toString);
  }

  static Stream<Arguments> validEntityTags() {
    return cases(HeaderParsingGeneratedInputTest::entityTag, EntityTag::toHeaderValue);
  }

  static Stream<Arguments> validConditions() {
    return cases(
        random -> {
          if (random.nextInt(10) == 0) {
            return new ConditionCase(true, List.of(), noisyLines(random, List.of("*")));
          }
          List<EntityTag> tags = new ArrayList<>();
          int count = 1 + random.nextInt(6);
          for (int i = 0; i < count; i++) {
            tags.add(entityTag(random));
          }
          return new ConditionCase(
              false, tags, noisyLines(random, tags.stream().map(EntityTag::toHeaderValue).toList()));
        },
        ConditionCase::toString);
  }

  static Stream<Arguments> validVaryValues() {
    return cases(
        random -> {
          List<String> elements = new ArrayList<>();
          Set<String> names = new LinkedHashSet<>();
          int count = random.nextInt(7);
          for (int i = 0; i < count; i++) {
            String name =
                random.nextInt(4) == 0 && !names.isEmpty()
                    ? List.copyOf(names).get(random.nextInt(names.size()))
                    : randomToken(random, 1 + random.nextInt(20));
            if (name.equals("*")) {
              name = "x*";
            }
            names.add(name.toLowerCase(Locale.ROOT));
            elements.add(randomCase(random, name));
          }
          boolean any = random.nextInt(5) == 0;
          if (any) {
            elements.add(random.nextInt(elements.size() + 1), "*");
          }
          return new VaryCase(any, List.copyOf(names), noisyLines(random, elements));
        },
        VaryCase::toString);
  }

  static Stream<Arguments> validDeltaSeconds() {
    return cases(
        random -> {
          String digits =
              random.nextInt(10) == 0
                  ? randomDigits(random, 1 + random.nextInt(300))
                  : "0".repeat(random.nextInt(3)) + random.nextLong((1L << 40) + 1);
          return whitespace(random) + digits + whitespace(random);
        },
        Function.identity());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Generators.

  private static CacheControlCase cacheControlCase(Random random) {
    Set<String> used = new LinkedHashSet<>();
    List<Directive> directives = new ArrayList<>();
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      String name =
          random.nextBoolean()
              ? KNOWN_DIRECTIVES.get(random.nextInt(KNOWN_DIRECTIVES.size()))
              : randomToken(random, 1 + random.nextInt(12)).toLowerCase(Locale.ROOT);
      if (used.add(name)) {
        directives.add(new Directive(name, directiveArgument(random, name)));
      }
    }
    String canonical = String.join(", ", directives.stream().map(d -> render(d, false)).toList());
    List<String> elements = new ArrayList<>();
    for (Directive directive : directives) {
      int repetitions = random.nextInt(6) == 0 ? 2 : 1;
      for (int r = 0; r < repetitions; r++) {
        elements.add(noisyDirective(random, directive));
      }
    }
    return new CacheControlCase(directives, canonical, noisyLines(random, elements));
  }

  private static Optional<String> directiveArgument(Random random, String name) {
    if (DELTA_DIRECTIVES.contains(name)) {
      return switch (random.nextInt(8)) {
        case 0 -> Optional.empty();
        case 1 -> Optional.of(randomDigits(random, 1 + random.nextInt(40)));
        default -> Optional.of(Long.toString(random.nextLong((1L << 40) + 1)));
      };
    }
    return switch (random.nextInt(3)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(randomToken(random, 1 + random.nextInt(10)));
      default -> Optional.of(quotedContent(random));
    };
  }

  /** Content of a quoted string: HTAB, SP, visible ASCII (including quotes, backslashes, commas), obs-text. */
  private static String quotedContent(Random random) {
    int length = random.nextInt(16);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> out.append("\"\\, \t".charAt(random.nextInt(5)));
        case 1 -> out.append((char) (0x80 + random.nextInt(0x80)));
        default -> out.append((char) ('!' + random.nextInt(94)));
      }
    }
    return out.toString();
  }

  private static String render(Directive directive, boolean quoteTokens) {
    return directive
        .argument()
        .map(a -> directive.name() + "=" + (!quoteTokens && isToken(a) ? a : quote(a)))
        .orElse(directive.name());
  }

  private static String noisyDirective(Random random, Directive directive) {
    String rendered = render(directive, random.nextInt(4) == 0);
    int equals = rendered.indexOf('=');
    String name = equals < 0 ? rendered : rendered.substring(0, equals);
    String rest = equals < 0 ? "" : whitespace(random) + "=" + whitespace(random) + rendered.substring(equals + 1);
    return randomCase(random, name) + rest;
  }

  private static Optional<Duration> expectedDelta(CacheControlCase generated, String name, Duration whenBare) {
    return generated.directives().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .map(
            d ->
                d.argument()
                    .map(digits -> Duration.ofSeconds(new BigInteger(digits).min(MAXIMUM).longValueExact()))
                    .orElse(whenBare));
  }

  private static EntityTag entityTag(Random random) {
    int length = random.nextInt(21);
    StringBuilder opaque = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> opaque.append((char) (0x80 + random.nextInt(0x80)));
        case 1 -> opaque.append(",!/W".charAt(random.nextInt(4)));
        default -> {
          char c = (char) ('!' + random.nextInt(94));
          opaque.append(c == '"' ? '#' : c);
        }
      }
    }
    return new EntityTag(opaque.toString(), random.nextBoolean());
  }
}
