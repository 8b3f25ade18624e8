package dev.surge.cache.internal;

import com.google.common.collect.ImmutableList;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 §5.6.7), as in the {@code Date}, {@code Expires} and {@code Last-Modified} headers.
 *
 * <p>Parsing is written by hand rather than with {@link java.time.format.DateTimeFormatter#RFC_1123_DATE_TIME},
 * which accepts forms HTTP does not have (a one-digit day, no day name, offsets other than GMT).
 */
public final class HttpDates {

  /** The earliest instant {@link #format} renders as itself: the first second of year 1. */
  private static final Instant EARLIEST = LocalDate.of(1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

  /** The latest instant {@link #format} renders as itself: the last second of year 9999. */
  private static final Instant LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC);

  /** Indexed by {@link DayOfWeek#ordinal()}. */
  private static final ImmutableList<String> SHORT_DAY_NAMES =
      ImmutableList.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  private static final ImmutableList<String> LONG_DAY_NAMES =
      ImmutableList.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
  private static final ImmutableList<String> MONTH_NAMES =
      ImmutableList.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  /** "Sun, 06 Nov 1994 08:49:37 GMT" */
  private static final int IMF_FIXDATE_LENGTH = 29;
  /** "Sun Nov  6 08:49:37 1994" */
  private static final int ASCTIME_LENGTH = 24;
  /** "06-Nov-94 08:49:37 GMT", what follows "Sunday, " in an RFC 850 date. */
  private static final int RFC850_TAIL_LENGTH = 22;

  private HttpDates() {}

  /**
   * The instant {@code value} states when, after trimming surrounding whitespace, it is an HTTP date in one of
   * the three forms of RFC 9110 §5.6.7, all of them read as GMT:
   *
   * <ul>
   *   <li>IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT};
   *   <li>the obsolete RFC 850 form, {@code Sunday, 06-Nov-94 08:49:37 GMT}, whose two-digit year is the year
   *       ending in those digits that is at most 50 years after the current year and less than 100 years
   *       before that limit;
   *   <li>the obsolete asctime form, {@code Sun Nov  6 08:49:37 1994} (the day of month may also be written
   *       with two digits).
   * </ul>
   *
   * <p>Day and month names are matched case-sensitively, as the grammar has them; a day name that is not the
   * weekday of the date is tolerated. The date must exist (year 1 to 9999), hours run from 00 to 23, minutes
   * from 00 to 59 and seconds from 00 to 60, a leap second 60 being read as 59. Surrounding whitespace means
   * spaces and tabs, and also CR, LF and NUL, which RFC 9110 §5.5 has a recipient read as spaces. Anything
   * else gives an empty result. Never throws.
   */
  public static Optional<Instant> parse(String value) {
    return parse(value, Year.now(Clock.systemUTC()).getValue());
  }

  /** {@link #parse(String)} with the current year given, for the RFC 850 two-digit year. */
  static Optional<Instant> parse(String value, int currentYear) {
    String date = HttpSyntax.trim(value);
    if (date.length() < 4 || date.length() > IMF_FIXDATE_LENGTH + 4) {
      return Optional.empty();
    }
    if (date.charAt(3) == ',') {
      return parseImfFixdate(date);
    }
    if (date.charAt(3) == ' ') {
      return parseAsctime(date);
    }
    return parseRfc850(date, currentYear);
  }

  /**
   * {@code instant} as an IMF-fixdate, for example {@code Sun, 06 Nov 1994 08:49:37 GMT}: always GMT, with
   * any fraction of a second dropped (rounding toward the past). An instant before year 1 renders as the
   * first second of year 1 and one after year 9999 as its last second, so the result is always a valid HTTP
   * date that {@link #parse} reads back.
   */
  public static String format(Instant instant) {
    Instant clamped = instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    LocalDateTime time = LocalDateTime.ofEpochSecond(clamped.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(IMF_FIXDATE_LENGTH);
    out.append(SHORT_DAY_NAMES.get(time.getDayOfWeek().ordinal())).append(", ");
    appendTwoDigits(out, time.getDayOfMonth());
    out.append(' ').append(MONTH_NAMES.get(time.getMonthValue() - 1)).append(' ');
    appendTwoDigits(out, time.getYear() / 100);
    appendTwoDigits(out, time.getYear() % 100);
    out.append(' ');
    appendTwoDigits(out, time.getHour());
    out.append(':');
    appendTwoDigits(out, time.getMinute());
    out.append(':');
    appendTwoDigits(out, time.getSecond());
    return out.append(" GMT").toString();
  }

  /** Sun, 06 Nov 1994 08:49:37 GMT */
  private static Optional<Instant> parseImfFixdate(String s) {
    if (s.length() != IMF_FIXDATE_LENGTH
        || !SHORT_DAY_NAMES.contains(s.substring(0, 3))
        || s.charAt(4) != ' '
        || s.charAt(7) != ' '
        || s.charAt(11) != ' '
        || s.charAt(16) != ' '
        || !s.endsWith(" GMT")) {
      return Optional.empty();
    }
    return toInstant(
        number(s, 12, 4), monthNumber(s, 8), number(s, 5, 2), s.substring(17, 25));
  }

  /** Sun Nov  6 08:49:37 1994 */
  private static Optional<Instant> parseAsctime(String s) {
    if (s.length() != ASCTIME_LENGTH
        || !SHORT_DAY_NAMES.contains(s.substring(0, 3))
        || s.charAt(7) != ' '
        || s.charAt(10) != ' '
        || s.charAt(19) != ' ') {
      return Optional.empty();
    }
    int day = s.charAt(8) == ' ' ? number(s, 9, 1) : number(s, 8, 2);
    return toInstant(number(s, 20, 4), monthNumber(s, 4), day, s.substring(11, 19));
  }

  /** Sunday, 06-Nov-94 08:49:37 GMT */
  private static Optional<Instant> parseRfc850(String s, int currentYear) {
    int comma = s.indexOf(',');
    if (comma < 0
        || !LONG_DAY_NAMES.contains(s.substring(0, comma))
        || s.length() != comma + 2 + RFC850_TAIL_LENGTH
        || s.charAt(comma + 1) != ' ') {
      return Optional.empty();
    }
    String tail = s.substring(comma + 2);
    if (tail.charAt(2) != '-' || tail.charAt(6) != '-' || tail.charAt(9) != ' ' || !tail.endsWith(" GMT")) {
      return Optional.empty();
    }
    int twoDigitYear = number(tail, 7, 2);
    if (twoDigitYear < 0) {
      return Optional.empty();
    }
    return toInstant(
        fullYear(twoDigitYear, currentYear), monthNumber(tail, 3), number(tail, 0, 2), tail.substring(10, 18));
  }

  /**
   * The year ending in {@code twoDigitYear} within the hundred years that end 50 years after {@code
   * currentYear} (RFC 9110 §5.6.7: a date more than 50 years in the future is in the past century).
   */
  static int fullYear(int twoDigitYear, int currentYear) {
    int limit = currentYear + 50;
    return limit - Math.floorMod(limit - twoDigitYear, 100);
  }

  /** The instant of a date whose parts were read, each -1 when it did not consist of digits. */
  private static Optional<Instant> toInstant(int year, int month, int day, String timeOfDay) {
    if (year < 1 || month < 1 || day < 1) {
      return Optional.empty();
    }
    if (timeOfDay.charAt(2) != ':' || timeOfDay.charAt(5) != ':') {
      return Optional.empty();
    }
    int hour = number(timeOfDay, 0, 2);
    int minute = number(timeOfDay, 3, 2);
    int second = number(timeOfDay, 6, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return Optional.empty();
    }
    if (day > Month.of(month).length(Year.isLeap(year))) {
      return Optional.empty();
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long secondOfDay = hour * 3600L + minute * 60L + Math.min(second, 59);
    return Optional.of(Instant.ofEpochSecond(epochDay * 86_400L + secondOfDay));
  }

  /** The month number, 1 to 12, of the three-letter month name at {@code start}; -1 when there is none. */
  private static int monthNumber(String s, int start) {
    int index = MONTH_NAMES.indexOf(s.substring(start, start + 3));
    return index < 0 ? -1 : index + 1;
  }

  /** The number written with exactly {@code length} ASCII digits at {@code start}; -1 when it is not that. */
  private static int number(String s, int start, int length) {
    int n = 0;
    for (int i = start; i < start + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static void appendTwoDigits(StringBuilder out, int n) {
    out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
