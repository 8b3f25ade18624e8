package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The directives of {@code Cache-Control} header lines (RFC 9111 §5.2), of a request or of a response.
 *
 * <p>Each directive is kept under its lower-case name together with every distinct way it was given: bare,
 * with an argument, or malformed (its name could be read but what follows could not). A malformed directive
 * still counts as present, so that {@code no-store;x} is still honoured as {@code no-store}.
 *
 * <p>The delta-seconds directives ({@code max-age}, {@code s-maxage}, {@code stale-while-revalidate}, {@code
 * stale-if-error}, {@code max-stale}, {@code min-fresh}) are read alike: empty when absent; otherwise the
 * argument, as a token or a quoted string, must be one or more ASCII digits, and a value above {@link
 * DeltaSeconds#MAXIMUM} seconds gives that maximum (RFC 9111 §1.2.2). A missing, malformed or non-numeric
 * argument, or repetitions whose values differ, give {@link Duration#ZERO}, so that a response is treated as
 * stale (RFC 9111 §4.2.1). Repetitions with the same value read as one.
 */
public final class CacheControl {

  /** The value of a message without {@code Cache-Control}: no directives. */
  public static final CacheControl EMPTY = new CacheControl(ImmutableMap.of());

  private static final OptionalLong INVALID = OptionalLong.empty();

  /** In the order of first appearance; each list holds distinct occurrences in the order they appeared. */
  private final ImmutableMap<String, ImmutableList<Occurrence>> directives;

  private CacheControl(ImmutableMap<String, ImmutableList<Occurrence>> directives) {
    this.directives = directives;
  }

  /**
   * The directives of the header lines, each element of {@code headerValues} being one line that may hold
   * several comma-separated directives of the form {@code name}, {@code name=token} or {@code
   * name="quoted string"}. Names are case-insensitive; arguments are kept as given, without quotes and
   * escapes. Whitespace around {@code =} is tolerated. Empty list elements are skipped, and so is an element
   * that does not start with a directive name. An element whose name is followed by anything else than a
   * well-formed argument (trailing characters, an unterminated quoted string, nothing after {@code =}) counts
   * as that directive, malformed. CR, LF and NUL are read as spaces (RFC 9110 §5.5). Never throws.
   */
  public static CacheControl parse(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return EMPTY;
    }
    Map<String, Set<Occurrence>> directives = new LinkedHashMap<>();
    for (String line : headerValues) {
      parseLine(HttpSyntax.sanitize(line), directives);
    }
    if (directives.isEmpty()) {
      return EMPTY;
    }
    ImmutableMap.Builder<String, ImmutableList<Occurrence>> builder = ImmutableMap.builder();
    directives.forEach((name, occurrences) -> builder.put(name, ImmutableList.copyOf(occurrences)));
    return new CacheControl(builder.build());
  }

  private static void parseLine(String s, Map<String, Set<Occurrence>> directives) {
    int i = HttpSyntax.skipWhitespace(s, 0);
    while (i < s.length()) {
      int nameEnd = HttpSyntax.skipToken(s, i);
      int next;
      if (nameEnd == i) {
        next = HttpSyntax.nextListSeparator(s, i);
      } else {
        int at = HttpSyntax.skipWhitespace(s, nameEnd);
        Occurrence occurrence;
        if (at == s.length() || s.charAt(at) == ',') {
          occurrence = Occurrence.BARE;
          next = at;
        } else {
          StringBuilder argument = new StringBuilder();
          int end = s.charAt(at) == '=' ? readArgument(s, at + 1, argument) : -1;
          occurrence = end < 0 ? Occurrence.MALFORMED : Occurrence.of(argument.toString());
          next = end < 0 ? HttpSyntax.nextListSeparator(s, nameEnd) : end;
        }
        directives
            .computeIfAbsent(Ascii.toLowerCase(s.substring(i, nameEnd)), n -> new LinkedHashSet<>())
            .add(occurrence);
      }
      i = HttpSyntax.skipWhitespace(s, next + 1);
    }
  }

  /**
   * Reads the argument that starts, after optional whitespace, at {@code from} (just past the {@code =}) and
   * appends it, without quotes and escapes, to {@code argument}. Returns the index of the comma or end of line
   * that ends the element, or -1 when the rest of the element is not exactly one token or quoted string.
   */
  private static int readArgument(String s, int from, StringBuilder argument) {
    int value = HttpSyntax.skipWhitespace(s, from);
    int valueEnd;
    if (value < s.length() && s.charAt(value) == '"') {
      valueEnd = HttpSyntax.readQuotedString(s, value, argument);
      if (valueEnd < 0) {
        return -1;
      }
    } else {
      valueEnd = HttpSyntax.skipToken(s, value);
      if (valueEnd == value) {
        return -1;
      }
      argument.append(s, value, valueEnd);
    }
    int end = HttpSyntax.skipWhitespace(s, valueEnd);
    return end == s.length() || s.charAt(end) == ',' ? end : -1;
  }

  /** Whether {@code no-store} is present (RFC 9111 §5.2.1.5, §5.2.2.5). */
  public boolean noStore() {
    return has("no-store");
  }

  /**
   * Whether {@code no-cache} is present, bare or qualified with field names such as {@code
   * no-cache="Set-Cookie"} (RFC 9111 §5.2.1.4, §5.2.2.4).
   */
  public boolean noCache() {
    return has("no-cache");
  }

  /** Whether {@code private} is present, bare or qualified with field names (RFC 9111 §5.2.2.7). */
  public boolean isPrivate() {
    return has("private");
  }

  /** Whether {@code public} is present (RFC 9111 §5.2.2.9). */
  public boolean isPublic() {
    return has("public");
  }

  /** Whether {@code must-revalidate} is present (RFC 9111 §5.2.2.2). */
  public boolean mustRevalidate() {
    return has("must-revalidate");
  }

  /** Whether {@code only-if-cached} is present (RFC 9111 §5.2.1.7). */
  public boolean onlyIfCached() {
    return has("only-if-cached");
  }

  /** The {@code max-age} directive (RFC 9111 §5.2.1.1, §5.2.2.1), read by the class's delta-seconds rules. */
  public Optional<Duration> maxAge() {
    return delta("max-age", INVALID);
  }

  /** The {@code s-maxage} directive (RFC 9111 §5.2.2.10), read by the class's delta-seconds rules. */
  public Optional<Duration> sMaxAge() {
    return delta("s-maxage", INVALID);
  }

  /** The {@code stale-while-revalidate} directive (RFC 5861 §3), read by the class's delta-seconds rules. */
  public Optional<Duration> staleWhileRevalidate() {
    return delta("stale-while-revalidate", INVALID);
  }

  /** The {@code stale-if-error} directive (RFC 5861 §4), read by the class's delta-seconds rules. */
  public Optional<Duration> staleIfError() {
    return delta("stale-if-error", INVALID);
  }

  /**
   * The {@code max-stale} request directive (RFC 9111 §5.2.1.2), read by the class's delta-seconds rules, except
   * that without an argument it accepts any staleness and gives {@link DeltaSeconds#MAXIMUM} seconds.
   */
  public Optional<Duration> maxStale() {
    return delta("max-stale", OptionalLong.of(DeltaSeconds.MAXIMUM));
  }

  /** The {@code min-fresh} request directive (RFC 9111 §5.2.1.3), read by the class's delta-seconds rules. */
  public Optional<Duration> minFresh() {
    return delta("min-fresh", INVALID);
  }

  /**
   * Whether the directive is present, in any form (bare, with an argument, or malformed); {@code
   * directiveName} is case-insensitive.
   */
  public boolean has(String directiveName) {
    return directives.containsKey(Ascii.toLowerCase(directiveName));
  }

  /**
   * The argument of the first occurrence of the directive that has a well-formed one, without quotes and
   * escapes; empty when the directive is absent or never has a well-formed argument. {@code directiveName} is
   * case-insensitive.
   */
  public Optional<String> argument(String directiveName) {
    return directives.getOrDefault(Ascii.toLowerCase(directiveName), ImmutableList.of()).stream()
        .flatMap(occurrence -> occurrence.argument().stream())
        .findFirst();
  }

  /**
   * The directives as one header line: names in lower case, in order of their first appearance, each
   * followed by its distinct occurrences in the order they appeared; an argument is quoted only when it is
   * not a token, and a malformed occurrence is rendered as {@code name=}, which reads back as malformed.
   * {@link #parse} of the result equals this value. The empty string when there are no directives.
   */
  public String toHeaderValue() {
    return directives.entrySet().stream()
        .flatMap(entry -> entry.getValue().stream().map(occurrence -> occurrence.render(entry.getKey())))
        .collect(Collectors.joining(", "));
  }

  /** The delta-seconds directive {@code name}, by the rules in the class documentation. */
  private Optional<Duration> delta(String name, OptionalLong whenBare) {
    ImmutableList<Occurrence> occurrences = directives.get(name);
    if (occurrences == null) {
      return Optional.empty();
    }
    OptionalLong seconds = OptionalLong.empty();
    for (Occurrence occurrence : occurrences) {
      OptionalLong value =
          occurrence.malformed()
              ? INVALID
              : occurrence.argument().map(DeltaSeconds::parseDigits).orElse(whenBare);
      if (value.isEmpty() || (seconds.isPresent() && seconds.getAsLong() != value.getAsLong())) {
        return Optional.of(Duration.ZERO);
      }
      seconds = value;
    }
    return Optional.of(Duration.ofSeconds(seconds.getAsLong()));
  }

  /**
   * Equal when both hold the same directives, each with the same distinct occurrences in the same order; the
   * order of different directives does not matter.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof CacheControl that && directives.equals(that.directives);
  }

  /** A hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return directives.hashCode();
  }

  /** The header value in brackets, for diagnostics. */
  @Override
  public String toString() {
    return "CacheControl[" + toHeaderValue() + "]";
  }

  /** One way a directive was given: bare, with a well-formed argument, or malformed. */
  private record Occurrence(Optional<String> argument, boolean malformed) {

    static final Occurrence BARE = new Occurrence(Optional.empty(), false);
    static final Occurrence MALFORMED = new Occurrence(Optional.empty(), true);

    static Occurrence of(String argument) {
      return new Occurrence(Optional.of(argument), false);
    }

    String render(String name) {
      if (malformed) {
        return name + "=";
      }
      return argument
          .map(a -> name + "=" + (HttpSyntax.isToken(a) ? a : HttpSyntax.quote(a)))
          .orElse(name);
    }
  }
}
