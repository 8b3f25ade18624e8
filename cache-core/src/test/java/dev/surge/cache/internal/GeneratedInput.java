package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The seeded generators shared by the generated-input tests: cases drawn in order from {@code new
 * Random(SEED)}, arbitrary, mutated and noisy header text, and test-side syntax helpers written from the RFCs,
 * independently of the code under test.
 *
 * <p>The seed is {@code -Dsurge.test.seed} (default 20261125) and the number of cases per source {@code
 * -Dsurge.test.cases} scaled by each source's own factor; the same seed gives the same cases, so a failure
 * is reproduced by rerunning with the seed its message names.
 */
final class GeneratedInput {

  /** The seed every source starts from. */
  static final long SEED = Long.getLong("surge.test.seed", 20261125L);
  /** Cases per source before a source's own factor; JUnit and Surefire spend about 0.7 ms on every case. */
  static final int CASES = Integer.getInteger("surge.test.cases", 400);

  static final String TCHARS =
      "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String NON_LATIN1 = "\u0100\u4e2d\u0661\uff11\ud800\udc00\uffff\u2028\u0130\u212a";
  static final List<String> COMMON_FRAGMENTS =
      List.of("\"", ",", "\\", "=", "W/", "*", " ", "\t", "\r", "\n", "\0", "\u007f", ";", "/", ":", "-");

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GeneratedInput() {}

  /**
   * Names a failing case by the seed as well: Surefire reports a failed case by its index only. Register it
   * with {@code @RegisterExtension}.
   */
  static TestExecutionExceptionHandler nameTheFailingCase() {
    return (context, failure) -> {
      throw new AssertionError(
          "[" + context.getDisplayName() + "] rerun with -Dsurge.test.seed=" + SEED + ": " + failure.getMessage(),
          failure);
    };
  }

  /**
   * {@code count} cases drawn in order from {@code new Random(SEED)}, each named by the seed, its index and a
   * printable preview of its input.
   */
  static <T> Stream<Arguments> cases(int count, Function<Random, T> generator, Function<T, String> preview) {
    Random random = new Random(SEED);
    return IntStream.range(0, count)
        .mapToObj(
            index -> {
              T input = generator.apply(random);
              String name = "seed=" + SEED + " case=" + index + " " + printable(preview.apply(input));
              return Arguments.of(Named.of(name, input));
            });
  }

  /** {@link #CASES} cases, as {@link #cases(int, Function, Function)}. */
  static <T> Stream<Arguments> cases(Function<Random, T> generator, Function<T, String> preview) {
    return cases(CASES, generator, preview);
  }

  /**
   * The inputs {@link #cases(int, Function, Function)} draws for {@code count} and {@code generator}, in the
   * same order: for the tests that measure what share of a source reaches the cases that matter.
   */
  static <T> List<T> inputs(int count, Function<Random, T> generator) {
    Random random = new Random(SEED);
    List<T> inputs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      inputs.add(generator.apply(random));
    }
    return inputs;
  }

  /** The inputs of {@link #CASES} cases, as {@link #inputs(int, Function)}. */
  static <T> List<T> inputs(Function<Random, T> generator) {
    return inputs(CASES, generator);
  }

  /**
   * Asserts that at least {@code minimum} (a fraction) of {@code inputs} have {@code property}, so that a
   * generated-input test cannot pass by never reaching the inputs it is about; prints the share it found.
   */
  static <T> void assertReaches(List<T> inputs, double minimum, String what, Predicate<T> property) {
    long count = inputs.stream().filter(property).count();
    System.out.printf("generated inputs (seed %d): %d of %d %s%n", SEED, count, inputs.size(), what);
    assertThat(count)
        .as("inputs that are %s, of %d (rerun with -Dsurge.test.seed=%d)", what, inputs.size(), SEED)
        .isGreaterThanOrEqualTo((long) Math.ceil(minimum * inputs.size()));
  }

  /** The first 80 characters of {@code s}, anything outside printable ASCII written as a Unicode escape. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 80; i++) {
      char c = s.charAt(i);
      if (c >= ' ' && c <= '~') {
        out.append(c);
      } else {
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
          out.append(HEX[(c >> shift) & 0xf]);
        }
      }
    }
    return out.length() < 80 ? out.toString() : out + "...";
  }

  /** Zero to three {@linkplain #arbitraryString arbitrary} lines. */
  static List<String> arbitraryLines(Random random, List<String> fragments) {
    int count = random.nextInt(4);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(arbitraryString(random, fragments));
    }
    return lines;
  }

  /** 0 to 200 characters mixing ASCII, fragments, digit runs, control characters, obs-text and beyond. */
  static String arbitraryString(Random random, List<String> fragments) {
    int length = random.nextInt(201);
    StringBuilder out = new StringBuilder(length + 64);
    while (out.length() < length) {
      switch (random.nextInt(8)) {
        case 0, 1 -> out.append((char) (' ' + random.nextInt(95)));
        case 2 -> out.append(fragments.get(random.nextInt(fragments.size())));
        case 3 -> out.append(COMMON_FRAGMENTS.get(random.nextInt(COMMON_FRAGMENTS.size())));
        case 4 -> out.append(randomDigits(random, random.nextInt(41)));
        case 5 -> out.append((char) (0x80 + random.nextInt(0x80)));
        case 6 -> out.append(NON_LATIN1.charAt(random.nextInt(NON_LATIN1.length())));
        default -> out.append((char) random.nextInt(0x20));
      }
    }
    out.setLength(length);
    return out.toString();
  }

  /**
   * The elements spread over one to three lines, joined by commas with random optional whitespace, with
   * empty elements slipped in now and then.
   */
  static List<String> noisyLines(Random random, List<String> elements) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String element : elements) {
      if (line.length() > 0 && random.nextInt(4) == 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(whitespace(random)).append(',');
      }
      if (random.nextInt(6) == 0) {
        line.append(whitespace(random)).append(',');
      }
      line.append(whitespace(random)).append(element);
    }
    line.append(whitespace(random));
    lines.add(line.toString());
    return lines;
  }

  /** Optional whitespace: nothing most of the time, else a space, a tab or both. */
  static String whitespace(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> " ";
      case 1 -> "\t";
      case 2 -> "  \t";
      default -> "";
    };
  }

  /** Test-side token check, independent of the code under test. */
  static boolean isToken(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> TCHARS.indexOf(c) >= 0);
  }

  /** CR, LF and NUL: RFC 9110 §5.5 has a recipient that does not reject them read each as a space. */
  private static final Pattern CR_LF_NUL = Pattern.compile("[\\r\\n\\x00]");
  /** A field value between its leading and trailing OWS (RFC 9110 §5.6.3: spaces and horizontal tabs). */
  private static final Pattern BETWEEN_OWS = Pattern.compile("[ \\t]*+(.*?)[ \\t]*+", Pattern.DOTALL);

  /**
   * The field value a recipient interprets, written from the RFC rather than from the code under test: CR,
   * LF and NUL read as spaces (RFC 9110 §5.5), then the surrounding OWS dropped (RFC 9110 §5.5, §5.6.3).
   */
  static String fieldValue(String raw) {
    Matcher between = BETWEEN_OWS.matcher(CR_LF_NUL.matcher(raw).replaceAll(" "));
    if (!between.matches()) {
      throw new AssertionError("every string has a part between its surrounding whitespace: " + raw);
    }
    return between.group(1);
  }

  /**
   * Whitespace to put around a field value: usually nothing or OWS, now and then a CR, LF or NUL, which a
   * recipient reads as a space.
   */
  static String surrounding(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> " ";
      case 1 -> "\t";
      case 2 -> " \t ";
      case 3 -> "\r\n ";
      case 4 -> "\0";
      default -> "";
    };
  }

  /** What {@link #mutated} inserts or puts in place of a character: separators, quotes, digits, non-ASCII. */
  private static final String MUTATIONS = "\"\\,;=/ \t-+.*W0129eE\u0000\u007f\u00e9\u00ff\u0100\u0663\uff11";

  /**
   * {@code s} with one to two random edits: a character deleted, doubled, case-swapped, or replaced or
   * preceded by one of {@link #MUTATIONS}. The result may still be well formed; an oracle decides.
   */
  static String mutated(Random random, String s) {
    StringBuilder out = new StringBuilder(s);
    int edits = 1 + random.nextInt(2);
    for (int edit = 0; edit < edits; edit++) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length());
      char other = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
      switch (out.length() == 0 ? 0 : random.nextInt(5)) {
        case 0 -> out.insert(at, other);
        case 1 -> out.setCharAt(at, other);
        case 2 -> out.deleteCharAt(at);
        case 3 -> out.insert(at, out.charAt(at));
        default -> {
          char c = out.charAt(at);
          out.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
      }
    }
    return out.toString();
  }

  /** Test-side quoting, independent of the code under test. */
  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** {@code length} random tchar. */
  static String randomToken(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
    }
    return out.toString();
  }

  /** {@code s} with each letter in upper or lower case at random. */
  static String randomCase(Random random, String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** {@code length} random ASCII digits. */
  static String randomDigits(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }
}
