package dev.surge.cache.internal;

import static dev.surge.cache.internal.GeneratedInput.TCHARS;
import static dev.surge.cache.internal.GeneratedInput.arbitraryLines;
import static dev.surge.cache.internal.GeneratedInput.arbitraryString;
import static dev.surge.cache.internal.GeneratedInput.assertReaches;
import static dev.surge.cache.internal.GeneratedInput.cases;
import static dev.surge.cache.internal.GeneratedInput.fieldValue;
import static dev.surge.cache.internal.GeneratedInput.inputs;
import static dev.surge.cache.internal.GeneratedInput.isToken;
import static dev.surge.cache.internal.GeneratedInput.mutated;
import static dev.surge.cache.internal.GeneratedInput.noisyLines;
import static dev.surge.cache.internal.GeneratedInput.quote;
import static dev.surge.cache.internal.GeneratedInput.randomCase;
import static dev.surge.cache.internal.GeneratedInput.randomDigits;
import static dev.surge.cache.internal.GeneratedInput.randomToken;
import static dev.surge.cache.internal.GeneratedInput.surrounding;
import static dev.surge.cache.internal.GeneratedInput.whitespace;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded generated-input tests for the header parsers. Arbitrary input, about half of it well formed and the
 * rest mutations of well-formed values or noise, must be read exactly as an oracle written from the RFC
 * grammar (regular expressions and {@code java.time}, not the parsers' code) reads it, and what is read must
 * render back to itself; a test per source checks that a good share of its inputs is well formed. Valid values
 * generated from random structured values must read back as those values.
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
  /** The year the RFC 850 two-digit years are read at, fixed so that no case depends on the wall clock. */
  private static final int CURRENT_YEAR = 2026;
  /** The RFC 850 dates generated valid lie in the hundred years their two digits name at {@link #CURRENT_YEAR}. */
  private static final Instant RFC_850_EARLIEST = Instant.parse("1977-01-01T00:00:00Z");
  private static final Instant RFC_850_LATEST = Instant.parse("2076-12-31T23:59:59Z");
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
  // Arbitrary input: well-formed values (about half), mutations of them and noise. Each is read exactly as an
  // oracle written from the RFC grammar says, never throws, and what is read renders back to itself. A test per
  // source checks that a good share of its inputs is well formed, so that none can pass by reading nothing.

  /**
   * How a generated {@code Cache-Control} list element gave a directive: bare, with an argument (kept without
   * its quotes), or with something that is no argument at all (RFC 9111 §5.2: {@code token [ "=" ( token /
   * quoted-string ) ]}).
   */
  enum Given {
    BARE,
    ARGUMENT,
    MALFORMED
  }

  /** A directive as a generated element gives it: its lower-case name, how, and the argument if any. */
  record GivenDirective(String name, Given given, String argument) {}

  /**
   * {@code Cache-Control} lines as generated: the directives their elements give, in order (elements the
   * grammar cannot read as a directive, which start with a character that is no tchar, are not listed), and
   * whether a line of noise follows them, which may add directives of its own.
   */
  record CacheControlLines(List<String> lines, List<GivenDirective> directives, boolean noiseAfter) {
    @Override
    public String toString() {
      return lines.toString();
    }

    Set<String> names() {
      Set<String> names = new LinkedHashSet<>();
      directives.forEach(directive -> names.add(directive.name()));
      return names;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryCacheControlLines")
  void cacheControlReadsArbitraryLinesAsTheirDirectives(CacheControlLines generated) {
    CacheControl cc = CacheControl.parse(generated.lines());

    for (String name : generated.names()) {
      assertThat(cc.has(name.toUpperCase(Locale.ROOT))).as(name).isTrue();
      Optional<String> firstArgument = generated.directives().stream()
          .filter(d -> d.name().equals(name) && d.given() == Given.ARGUMENT).map(GivenDirective::argument).findFirst();
      if (firstArgument.isPresent()) {
        assertThat(cc.argument(name)).as(name).isEqualTo(firstArgument);
      }
    }
    if (!generated.noiseAfter()) {
      for (String known : KNOWN_DIRECTIVES) {
        assertThat(cc.has(known)).as(known).isEqualTo(generated.names().contains(known));
      }
      assertThat(cc.maxAge()).isEqualTo(deltaOf(generated, "max-age", OptionalLong.empty()));
      assertThat(cc.sMaxAge()).isEqualTo(deltaOf(generated, "s-maxage", OptionalLong.empty()));
      assertThat(cc.staleWhileRevalidate()).isEqualTo(deltaOf(generated, "stale-while-revalidate", OptionalLong.empty()));
      assertThat(cc.staleIfError()).isEqualTo(deltaOf(generated, "stale-if-error", OptionalLong.empty()));
      assertThat(cc.maxStale()).isEqualTo(deltaOf(generated, "max-stale", OptionalLong.of(DeltaSeconds.MAXIMUM)));
      assertThat(cc.minFresh()).isEqualTo(deltaOf(generated, "min-fresh", OptionalLong.empty()));
    }
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
    CacheControl reparsed = CacheControl.parse(List.of(cc.toHeaderValue()));
    assertThat(reparsed).isEqualTo(cc).hasSameHashCodeAs(cc);
    assertThat(reparsed.toHeaderValue()).isEqualTo(cc.toHeaderValue());
  }

  @Test
  void arbitraryCacheControlLinesMostlyHoldWellFormedKnownDirectives() {
    List<CacheControlLines> inputs = inputs(HeaderParsingGeneratedInputTest::cacheControlLines);

    assertReaches(inputs, 0.7, "Cache-Control lines holding a well-formed known directive", lines ->
        lines.directives().stream().anyMatch(d -> KNOWN_DIRECTIVES.contains(d.name()) && d.given() != Given.MALFORMED));
    assertReaches(inputs, 0.25, "Cache-Control lines whose max-age or s-maxage reads as a number of seconds", lines -> {
      CacheControl cc = CacheControl.parse(lines.lines());
      return cc.maxAge().or(cc::sMaxAge).filter(d -> !d.isZero()).isPresent();
    });
    assertReaches(inputs, 0.4, "Cache-Control lines read exactly by the oracle (no noise)", lines -> !lines.noiseAfter());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryDateStrings")
  void httpDatesReadArbitraryStringsAsTheGrammarSays(String value) {
    Optional<Instant> parsed = HttpDates.parse(value, CURRENT_YEAR);

    assertThat(parsed).isEqualTo(httpDate(value));
    parsed.ifPresent(instant -> {
      assertThat(HttpDates.format(instant)).isEqualTo(IMF_FIXDATE.format(instant));
      assertThat(HttpDates.parse(HttpDates.format(instant))).contains(instant);
    });
  }

  @Test
  void arbitraryDateStringsAreOftenValidDatesInEachOfTheThreeForms() {
    List<String> inputs = inputs(HeaderParsingGeneratedInputTest::dateString);

    assertReaches(inputs, 0.4, "strings HttpDates reads as a date", value -> HttpDates.parse(value, CURRENT_YEAR).isPresent());
    assertReaches(inputs, 0.1, "valid IMF-fixdates", value -> IMF_FIXDATE_GRAMMAR.matcher(fieldValue(value)).matches()
        && httpDate(value).isPresent());
    assertReaches(inputs, 0.1, "valid RFC 850 dates", value -> RFC_850_GRAMMAR.matcher(fieldValue(value)).matches()
        && httpDate(value).isPresent());
    assertReaches(inputs, 0.1, "valid asctime dates", value -> ASCTIME_GRAMMAR.matcher(fieldValue(value)).matches()
        && httpDate(value).isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryEntityTagStrings")
  void entityTagReadsArbitraryStringsAsTheGrammarSays(String value) {
    Optional<EntityTag> parsed = EntityTag.parse(value);

    assertThat(parsed).isEqualTo(entityTagOf(value));
    parsed.ifPresent(tag -> {
      assertThat(tag.toHeaderValue()).isEqualTo(fieldValue(value));
      assertThat(EntityTag.parse(tag.toHeaderValue())).contains(tag);
    });
  }

  @Test
  void arbitraryEntityTagStringsAreOftenValidTags() {
    List<String> inputs = inputs(HeaderParsingGeneratedInputTest::entityTagString);

    assertReaches(inputs, 0.4, "strings EntityTag reads as a tag", value -> EntityTag.parse(value).isPresent());
    assertReaches(inputs, 0.1, "valid weak tags", value -> entityTagOf(value).filter(EntityTag::weak).isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arbitraryEntityTagLines")
  void entityTagConditionReadsArbitraryLinesAsTheGrammarSays(List<String> lines) {
    Optional<EntityTagCondition> parsed = EntityTagCondition.parse(lines);

    assertThat(parsed.map(condition -> new ConditionReading(condition.any(), condition.tags())))
        .isEqualTo(conditionOf(lines));
    parsed.ifPresent(condition -> {
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

  @Test
  void arbitraryEntityTagLinesAreOftenValidConditions() {
    List<List<String>> inputs = inputs(HeaderParsingGeneratedInputTest::entityTagLines);

    assertReaches(inputs, 0.35, "line sets EntityTagCondition reads", lines -> EntityTagCondition.parse(lines).isPresent());
    assertReaches(inputs, 0.03, "line sets read as *", lines -> conditionOf(lines).filter(ConditionReading::any).isPresent());
    assertReaches(inputs, 0.1, "line sets listing several tags",
        lines -> conditionOf(lines).filter(reading -> reading.tags().size() > 1).isPresent());
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
  void deltaSecondsReadsArbitraryStringsAsTheGrammarSays(String value) {
    OptionalLong parsed = DeltaSeconds.parse(value);

    assertThat(parsed).isEqualTo(deltaSecondsOf(value));
  }

  @Test
  void arbitraryDeltaStringsAreOftenDigits() {
    List<String> inputs = inputs(HeaderParsingGeneratedInputTest::deltaString);

    assertReaches(inputs, 0.4, "strings DeltaSeconds reads", value -> DeltaSeconds.parse(value).isPresent());
    assertReaches(inputs, 0.03, "strings above 2^31 seconds", value -> deltaSecondsOf(value)
        .equals(OptionalLong.of(DeltaSeconds.MAXIMUM)));
  }

  static Stream<Arguments> arbitraryCacheControlLines() {
    return cases(HeaderParsingGeneratedInputTest::cacheControlLines, Object::toString);
  }

  static Stream<Arguments> arbitraryDateStrings() {
    return cases(HeaderParsingGeneratedInputTest::dateString, Function.identity());
  }

  static Stream<Arguments> arbitraryEntityTagStrings() {
    return cases(HeaderParsingGeneratedInputTest::entityTagString, Function.identity());
  }

  static Stream<Arguments> arbitraryEntityTagLines() {
    return cases(HeaderParsingGeneratedInputTest::entityTagLines, Object::toString);
  }

  static Stream<Arguments> arbitraryVaryLines() {
    return cases(random -> arbitraryLines(random, VARY_FRAGMENTS), Object::toString);
  }

  static Stream<Arguments> arbitraryDeltaStrings() {
    return cases(HeaderParsingGeneratedInputTest::deltaString, Function.identity());
  }

  // --- arbitrary-input generators: well formed about half the time, else mutated or noise

  /**
   * One to three lines of comma-separated elements, each a directive (a known one three times in four) given
   * bare, with a token or quoted argument, or malformed, or an empty element, or text that starts with a
   * character that is no tchar; a line of noise follows one case in four.
   */
  private static CacheControlLines cacheControlLines(Random random) {
    List<GivenDirective> directives = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    int lineCount = 1 + random.nextInt(3);
    for (int line = 0; line < lineCount; line++) {
      List<String> elements = new ArrayList<>();
      int count = random.nextInt(5);
      for (int i = 0; i < count; i++) {
        switch (random.nextInt(10)) {
          case 0 -> elements.add("");
          case 1 -> elements.add(notADirective(random));
          default -> {
            String name = switch (random.nextInt(8)) {
              case 0, 1 -> random.nextBoolean() ? "max-age" : "s-maxage";
              case 2 -> "x" + randomToken(random, random.nextInt(12)).toLowerCase(Locale.ROOT);
              default -> KNOWN_DIRECTIVES.get(random.nextInt(KNOWN_DIRECTIVES.size()));
            };
            elements.add(givenDirective(random, name, i == count - 1, directives));
          }
        }
      }
      StringBuilder joined = new StringBuilder(surrounding(random));
      for (int i = 0; i < elements.size(); i++) {
        joined.append(i == 0 ? "" : whitespace(random) + "," + whitespace(random)).append(elements.get(i));
      }
      lines.add(joined.append(surrounding(random)).toString());
    }
    boolean noise = random.nextInt(4) == 0;
    if (noise) {
      lines.add(arbitraryString(random, CACHE_CONTROL_FRAGMENTS));
    }
    return new CacheControlLines(List.copyOf(lines), List.copyOf(directives), noise);
  }

  /**
   * One element giving the directive {@code name}, recorded in {@code given}. An unterminated quoted string is
   * given only as the {@code last} element of its line, where no later quote can close it.
   */
  private static String givenDirective(Random random, String name, boolean last, List<GivenDirective> given) {
    String shown = randomCase(random, name);
    boolean delta = DELTA_DIRECTIVES.contains(name);
    String equals = whitespace(random) + "=" + whitespace(random);
    switch (random.nextInt(8)) {
      case 0 -> {
        given.add(new GivenDirective(name, Given.BARE, ""));
        return shown;
      }
      case 1 -> {
        List<String> forms = new ArrayList<>(List.of("=", " = ", "=1 2", ";x", "=a=b", " x", "=\"a\"b", "==1"));
        if (last) {
          forms.add("=\"unterminated");
        }
        given.add(new GivenDirective(name, Given.MALFORMED, ""));
        return shown + forms.get(random.nextInt(forms.size()));
      }
      case 2 -> {
        String argument = delta
            ? List.of("1e3", "-1", "+5", "0x10", "1.5", "6O", "٣").get(random.nextInt(7))
            : randomToken(random, 1 + random.nextInt(10));
        if (!isToken(argument)) {
          given.add(new GivenDirective(name, Given.MALFORMED, ""));
          return shown + equals + argument;
        }
        given.add(new GivenDirective(name, Given.ARGUMENT, argument));
        return shown + equals + argument;
      }
      case 3 -> {
        String argument = delta ? seconds(random) : quotedContent(random);
        given.add(new GivenDirective(name, Given.ARGUMENT, argument));
        return shown + equals + quote(argument);
      }
      default -> {
        String argument = delta ? seconds(random) : randomToken(random, 1 + random.nextInt(10));
        given.add(new GivenDirective(name, Given.ARGUMENT, argument));
        return shown + equals + argument;
      }
    }
  }

  /** A number of seconds as digits: usually below a day, now and then beyond 2^31 or with leading zeros. */
  private static String seconds(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> randomDigits(random, 11 + random.nextInt(30));
      case 1 -> "00" + random.nextInt(1000);
      default -> Long.toString(random.nextInt(86_400));
    };
  }

  /** Text that cannot start a directive: its first character is no tchar (nor a quote, comma or space). */
  private static String notADirective(Random random) {
    String starts = "@;=/?:()[]{}<>";
    String rest = starts + TCHARS + " ";
    StringBuilder out = new StringBuilder().append(starts.charAt(random.nextInt(starts.length())));
    int length = random.nextInt(9);
    for (int i = 0; i < length; i++) {
      out.append(rest.charAt(random.nextInt(rest.length())));
    }
    return out.toString();
  }

  /** A valid HTTP date in one of the three forms (half the time), a mutation of one, or noise. */
  private static String dateString(Random random) {
    int kind = random.nextInt(12);
    if (kind >= 10) {
      return arbitraryString(random, DATE_FRAGMENTS);
    }
    String valid = surrounding(random) + validDate(random) + surrounding(random);
    return kind < 6 ? valid : mutated(random, valid);
  }

  /**
   * A date formatted by {@link DateTimeFormatter} in IMF-fixdate, RFC 850 (years the two digits name at
   * {@link #CURRENT_YEAR}) or asctime form; now and then with a leap second.
   */
  private static String validDate(Random random) {
    String date = switch (random.nextInt(3)) {
      case 0 -> IMF_FIXDATE.format(instantBetween(random, EARLIEST, LATEST));
      case 1 -> RFC_850.format(instantBetween(random, RFC_850_EARLIEST, RFC_850_LATEST));
      default -> ASCTIME.format(instantBetween(random, EARLIEST, LATEST));
    };
    return random.nextInt(16) == 0 ? date.replaceFirst(":[0-9]{2}(?= GMT$| [0-9]{4}$)", ":60") : date;
  }

  private static Instant instantBetween(Random random, Instant from, Instant to) {
    return Instant.ofEpochSecond(from.getEpochSecond() + random.nextLong(to.getEpochSecond() - from.getEpochSecond() + 1));
  }

  /** A valid entity-tag (half the time), a mutation of one, or noise. */
  private static String entityTagString(Random random) {
    int kind = random.nextInt(12);
    if (kind >= 10) {
      return arbitraryString(random, ETAG_FRAGMENTS);
    }
    String valid = surrounding(random) + tagText(entityTag(random)) + surrounding(random);
    return kind < 6 ? valid : mutated(random, valid);
  }

  /**
   * A valid {@code If-None-Match} value over several lines (tags, or a lone {@code *}, now and then with
   * {@code *} among tags), a mutation of one line, or noisy lines.
   */
  private static List<String> entityTagLines(Random random) {
    int kind = random.nextInt(10);
    if (kind >= 8) {
      return arbitraryLines(random, ETAG_FRAGMENTS);
    }
    List<String> elements = new ArrayList<>();
    if (random.nextInt(8) == 0) {
      elements.add("*");
    } else {
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        elements.add(tagText(entityTag(random)));
      }
      if (random.nextInt(10) == 0) {
        elements.add(random.nextInt(elements.size() + 1), "*");
      }
    }
    List<String> lines = new ArrayList<>(noisyLines(random, elements));
    if (kind >= 5) {
      int line = random.nextInt(lines.size());
      lines.set(line, mutated(random, lines.get(line)));
    }
    return lines;
  }

  /** Digits between whitespace (half the time; some around 2^31, some long), a mutation of them, or noise. */
  private static String deltaString(Random random) {
    int kind = random.nextInt(10);
    if (kind >= 8) {
      return arbitraryString(random, DELTA_FRAGMENTS);
    }
    String digits = switch (random.nextInt(6)) {
      case 0 -> randomDigits(random, 1 + random.nextInt(40));
      case 1 -> Long.toString(DeltaSeconds.MAXIMUM - 2 + random.nextInt(5));
      default -> "0".repeat(random.nextInt(3)) + random.nextInt(1_000_000);
    };
    String valid = surrounding(random) + digits + surrounding(random);
    return kind < 5 ? valid : mutated(random, valid);
  }

  // --- oracles, from the grammar of RFC 9110 and RFC 9111, independent of the parsers

  /**
   * The delta-seconds directive {@code name} as the generated elements give it (RFC 9111 §1.2.2, §4.2.1):
   * absent, or every occurrence a number (a bare {@code max-stale} meaning any staleness, {@code whenBare})
   * and all the same, or else zero, so that invalid or conflicting freshness reads as stale.
   */
  private static Optional<Duration> deltaOf(CacheControlLines generated, String name, OptionalLong whenBare) {
    List<GivenDirective> occurrences = generated.directives().stream().filter(d -> d.name().equals(name)).toList();
    if (occurrences.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong agreed = OptionalLong.empty();
    for (GivenDirective occurrence : occurrences) {
      OptionalLong value = switch (occurrence.given()) {
        case BARE -> whenBare;
        case MALFORMED -> OptionalLong.empty();
        case ARGUMENT -> occurrence.argument().matches("[0-9]+")
            ? OptionalLong.of(new BigInteger(occurrence.argument()).min(MAXIMUM).longValueExact())
            : OptionalLong.empty();
      };
      if (value.isEmpty() || (agreed.isPresent() && agreed.getAsLong() != value.getAsLong())) {
        return Optional.of(Duration.ZERO);
      }
      agreed = value;
    }
    return Optional.of(Duration.ofSeconds(agreed.getAsLong()));
  }

  /** Delta-seconds (RFC 9111 §1.2.2): one or more ASCII digits; beyond 2^31 seconds, 2^31. */
  private static OptionalLong deltaSecondsOf(String raw) {
    String value = fieldValue(raw);
    return value.matches("[0-9]+")
        ? OptionalLong.of(new BigInteger(value).min(MAXIMUM).longValueExact())
        : OptionalLong.empty();
  }

  /** RFC 9110 §8.8.3: {@code entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE}, etagc being %x21 / %x23-7E / obs-text. */
  private static final String ENTITY_TAG = "(W/)?\"([\\x21\\x23-\\x7e\\x80-\\xff]*+)\"";
  private static final Pattern ENTITY_TAG_GRAMMAR = Pattern.compile(ENTITY_TAG);
  /** RFC 9110 §13.1.2 with §5.6.1 lists: {@code "*" / #entity-tag}, empty elements allowed. */
  private static final Pattern CONDITION_ELEMENT = Pattern.compile("\\*|" + ENTITY_TAG);
  private static final Pattern CONDITION_LINE =
      Pattern.compile("[ \\t,]*+(?:(?:\\*|(?:W/)?\"[\\x21\\x23-\\x7e\\x80-\\xff]*+\")[ \\t]*+(?:,[ \\t,]*+|$))*+");

  private static Optional<EntityTag> entityTagOf(String raw) {
    Matcher tag = ENTITY_TAG_GRAMMAR.matcher(fieldValue(raw));
    return tag.matches() ? Optional.of(new EntityTag(tag.group(2), tag.group(1) != null)) : Optional.empty();
  }

  /** What an {@code If-None-Match} field's lines state: {@code *}, or the entity-tags in order. */
  record ConditionReading(boolean any, List<EntityTag> tags) {}

  /**
   * The condition the lines state (RFC 9110 §13.1.2, the lines combined as one list, §5.3): a lone {@code *},
   * or one or more entity-tags; nothing when an element is neither, or {@code *} comes with tags or twice.
   */
  private static Optional<ConditionReading> conditionOf(List<String> lines) {
    int stars = 0;
    List<EntityTag> tags = new ArrayList<>();
    for (String raw : lines) {
      String line = fieldValue(raw);
      if (!CONDITION_LINE.matcher(line).matches()) {
        return Optional.empty();
      }
      Matcher element = CONDITION_ELEMENT.matcher(line);
      while (element.find()) {
        if (element.group().equals("*")) {
          stars++;
        } else {
          tags.add(new EntityTag(element.group(2), element.group(1) != null));
        }
      }
    }
    if (stars == 1 && tags.isEmpty()) {
      return Optional.of(new ConditionReading(true, List.of()));
    }
    return stars > 0 || tags.isEmpty() ? Optional.empty() : Optional.of(new ConditionReading(false, List.copyOf(tags)));
  }

  private static final String DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
  private static final String LONG_DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
  private static final String MONTH = "(" + String.join("|", MONTHS) + ")";
  private static final String TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})";
  /** RFC 9110 §5.6.7 IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static final Pattern IMF_FIXDATE_GRAMMAR =
      Pattern.compile(DAY + ", ([0-9]{2}) " + MONTH + " ([0-9]{4}) " + TIME + " GMT");
  /** RFC 9110 §5.6.7 rfc850-date: {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
  private static final Pattern RFC_850_GRAMMAR =
      Pattern.compile(LONG_DAY + ", ([0-9]{2})-" + MONTH + "-([0-9]{2}) " + TIME + " GMT");
  /** RFC 9110 §5.6.7 asctime-date: {@code Sun Nov  6 08:49:37 1994}; a two-digit day is read too. */
  private static final Pattern ASCTIME_GRAMMAR =
      Pattern.compile(DAY + " " + MONTH + " ( [0-9]|[0-9]{2}) " + TIME + " ([0-9]{4})");

  /**
   * The instant an HTTP date states (RFC 9110 §5.6.7), read by regular expressions and {@code java.time}: the
   * date must exist (years 1 to 9999), a leap second 60 reads as 59, the day name is not checked against the
   * date, and an RFC 850 year is the one ending in its two digits at most 50 years after {@link #CURRENT_YEAR}.
   */
  private static Optional<Instant> httpDate(String raw) {
    String value = fieldValue(raw);
    Matcher imf = IMF_FIXDATE_GRAMMAR.matcher(value);
    if (imf.matches()) {
      return instant(number(imf, 4), MONTHS.indexOf(imf.group(3)) + 1, number(imf, 2), imf, 5);
    }
    Matcher rfc850 = RFC_850_GRAMMAR.matcher(value);
    if (rfc850.matches()) {
      int year = CURRENT_YEAR / 100 * 100 + number(rfc850, 4);
      year = year > CURRENT_YEAR + 50 ? year - 100 : year <= CURRENT_YEAR - 50 ? year + 100 : year;
      return instant(year, MONTHS.indexOf(rfc850.group(3)) + 1, number(rfc850, 2), rfc850, 5);
    }
    Matcher asctime = ASCTIME_GRAMMAR.matcher(value);
    if (asctime.matches()) {
      int day = Integer.parseInt(asctime.group(3).strip());
      return instant(number(asctime, 7), MONTHS.indexOf(asctime.group(2)) + 1, day, asctime, 4);
    }
    return Optional.empty();
  }

  private static Optional<Instant> instant(int year, int month, int day, Matcher date, int timeGroup) {
    int hour = number(date, timeGroup);
    int minute = number(date, timeGroup + 1);
    int second = number(date, timeGroup + 2);
    if (year < 1 || hour > 23 || minute > 59 || second > 60 || !YearMonth.of(year, month).isValidDay(day)) {
      return Optional.empty();
    }
    return Optional.of(LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)).toInstant(ZoneOffset.UTC));
  }

  private static int number(Matcher matcher, int group) {
    return Integer.parseInt(matcher.group(group));
  }

  /** An entity-tag as a header shows it, rendered here rather than by the code under test. */
  private static String tagText(EntityTag tag) {
    return (tag.weak() ? "W/" : "") + '"' + tag.opaqueTag() + '"';
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
