package dev.surge.cache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The seeded generators shared by the generated-input tests: cases drawn in order from {@code new
 * Random(SEED)}, arbitrary and noisy header text, and test-side syntax helpers that are independent of the
 * code under test.
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

  /** Test-side trimming: CR, LF and NUL count as spaces (RFC 9110 §5.5), then spaces and tabs are stripped. */
  static String trim(String s) {
    String spaced = s.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    int start = 0;
    int end = spaced.length();
    while (start < end && (spaced.charAt(start) == ' ' || spaced.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (spaced.charAt(end - 1) == ' ' || spaced.charAt(end - 1) == '\t')) {
      end--;
    }
    return spaced.substring(start, end);
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
