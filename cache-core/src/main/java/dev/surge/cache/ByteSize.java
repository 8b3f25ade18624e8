package dev.surge.cache;

import com.google.common.base.Preconditions;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-negative number of bytes. Used for every size in Surge's configuration so that a size can never be
 * mistaken for a count or a duration.
 *
 * <p>Parses the forms a person writes in a configuration file: {@code 512}, {@code 64KB}, {@code 64 MiB},
 * {@code 1GB}. Units are binary (1 KB = 1024 bytes); {@code B}, {@code KB}/{@code KiB}/{@code K},
 * {@code MB}/{@code MiB}/{@code M} and {@code GB}/{@code GiB}/{@code G} are accepted in any case.
 *
 * @param bytes the size in bytes, at least zero
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

  private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,18})\\s*([a-zA-Z]*)\\s*");

  /** Validates that the size is not negative. */
  public ByteSize {
    Preconditions.checkArgument(bytes >= 0, "a byte size cannot be negative: %s", bytes);
  }

  /** A size in bytes. */
  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /** A size in kibibytes (1024 bytes). */
  public static ByteSize ofKilobytes(long kilobytes) {
    return new ByteSize(Math.multiplyExact(kilobytes, 1024L));
  }

  /** A size in mebibytes (1024 * 1024 bytes). */
  public static ByteSize ofMegabytes(long megabytes) {
    return new ByteSize(Math.multiplyExact(megabytes, 1024L * 1024));
  }

  /**
   * Parses a size such as {@code 64MB}.
   *
   * @throws IllegalArgumentException naming the text when it is not a size
   */
  public static ByteSize parse(String text) {
    Matcher matcher = TEXT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a byte size: '" + text + "' (expected e.g. 512, 64KB, 16MB)");
    }
    long number = Long.parseLong(matcher.group(1));
    long unit =
        switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
          case "", "B" -> 1L;
          case "K", "KB", "KIB" -> 1024L;
          case "M", "MB", "MIB" -> 1024L * 1024;
          case "G", "GB", "GIB" -> 1024L * 1024 * 1024;
          default -> throw new IllegalArgumentException(
              "unknown unit '" + matcher.group(2) + "' in byte size '" + text + "' (use B, KB, MB or GB)");
        };
    try {
      return new ByteSize(Math.multiplyExact(number, unit));
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("byte size too large: '" + text + "'", overflow);
    }
  }

  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    if (bytes != 0 && bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + "MB";
    }
    if (bytes != 0 && bytes % 1024L == 0) {
      return bytes / 1024L + "KB";
    }
    return bytes + "B";
  }
}
