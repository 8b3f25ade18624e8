package dev.surge.cache.internal;

import java.util.OptionalLong;

/**
 * Delta-seconds (RFC 9111 §1.2.2): a non-negative whole number of seconds, as in the {@code Age} header and
 * the arguments of the {@code Cache-Control} freshness directives.
 */
public final class DeltaSeconds {

  /**
   * The largest value delta-seconds can take here, 2<sup>31</sup> seconds: RFC 9111 §1.2.2 has a value that
   * is larger, or that cannot be represented, stand for this one.
   */
  public static final long MAXIMUM = 2147483648L;

  private DeltaSeconds() {}

  /**
   * The seconds that {@code value} states when, after trimming surrounding whitespace, it is one or more ASCII
   * digits; larger values, however many digits they have, give {@link #MAXIMUM}. Anything else (an empty
   * value, a sign, a decimal point, any other character) gives an empty result. Surrounding whitespace means
   * spaces and tabs, and also CR, LF and NUL, which RFC 9110 §5.5 has a recipient read as spaces. Never
   * throws.
   */
  public static OptionalLong parse(String value) {
    return parseDigits(HttpSyntax.trim(value));
  }

  /** Like {@link #parse} but without trimming: {@code digits} must consist of ASCII digits only. */
  static OptionalLong parseDigits(String digits) {
    if (digits.isEmpty()) {
      return OptionalLong.empty();
    }
    long seconds = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      if (seconds < MAXIMUM) {
        seconds = Math.min(MAXIMUM, seconds * 10 + (c - '0'));
      }
    }
    return OptionalLong.of(seconds);
  }
}
