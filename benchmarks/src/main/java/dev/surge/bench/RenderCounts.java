package dev.surge.bench;

import java.util.Locale;

/**
 * What a harness server's application and cache have done so far, as the harness asks for it over the server's
 * standard input and reads it from its standard output as one line, {@code COUNTS <renders> <304s>
 * <revalidated>}.
 *
 * @param renders full renders of a page
 * @param notModified conditional requests the application answered with a 304, without a render
 * @param revalidated stale entries the cache served again after such a 304 (0 without a cache)
 */
record RenderCounts(long renders, long notModified, long revalidated) {

  /** The line's first word. */
  static final String PREFIX = "COUNTS ";

  /** The counts as one line of the server's output. */
  String line() {
    return String.format(Locale.ROOT, "%s%d %d %d", PREFIX, renders, notModified, revalidated);
  }

  /** The counts of a {@link #line()}. */
  static RenderCounts parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a counts line: " + line);
    }
    String[] numbers = line.substring(PREFIX.length()).trim().split(" ");
    if (numbers.length != 3) {
      throw new IllegalArgumentException("a counts line has three numbers: " + line);
    }
    return new RenderCounts(Long.parseLong(numbers[0]), Long.parseLong(numbers[1]), Long.parseLong(numbers[2]));
  }

  /** What was done since {@code earlier}. */
  RenderCounts minus(RenderCounts earlier) {
    return new RenderCounts(renders - earlier.renders, notModified - earlier.notModified,
        revalidated - earlier.revalidated);
  }
}
