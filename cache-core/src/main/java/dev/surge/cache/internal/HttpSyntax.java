package dev.surge.cache.internal;

import com.google.common.base.CharMatcher;

/** The character classes of RFC 9110 §5.6 that Surge's header handling shares. */
public final class HttpSyntax {

  /** RFC 9110 §5.6.2 tchar. */
  private static final CharMatcher TCHAR =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("!#$%&'*+-.^_`|~"))
          .precomputed();

  /** RFC 9110 §5.6.3 OWS: space and horizontal tab. */
  private static final CharMatcher WHITESPACE = CharMatcher.anyOf(" \t").precomputed();

  /** RFC 9110 §5.5: characters that must be replaced by a space before a field value is interpreted. */
  private static final CharMatcher DANGEROUS = CharMatcher.anyOf("\r\n\0").precomputed();

  /** RFC 9110 §5.6.4 qdtext: HTAB, SP, visible ASCII except '"' and '\', obs-text. */
  private static final CharMatcher QDTEXT =
      CharMatcher.anyOf("\t !")
          .or(CharMatcher.inRange('#', '['))
          .or(CharMatcher.inRange(']', '~'))
          .or(CharMatcher.inRange('\u0080', '\u00ff'))
          .precomputed();

  /** RFC 9110 §5.6.4: what may follow a backslash in a quoted-pair. */
  private static final CharMatcher QUOTABLE =
      CharMatcher.anyOf("\t ")
          .or(CharMatcher.inRange('!', '~'))
          .or(CharMatcher.inRange('\u0080', '\u00ff'))
          .precomputed();

  private HttpSyntax() {}

  private static boolean isTchar(char c) {
    return TCHAR.matches(c);
  }

  /** Whether {@code s} is an RFC 9110 token: one or more tchar. */
  public static boolean isToken(String s) {
    return !s.isEmpty() && TCHAR.matchesAllOf(s);
  }

  /** The field value with CR, LF and NUL replaced by spaces, as RFC 9110 §5.5 requires of a recipient. */
  static String sanitize(String fieldValue) {
    return DANGEROUS.replaceFrom(fieldValue, ' ');
  }

  /** The value without leading and trailing optional whitespace, after {@link #sanitize}. */
  static String trim(String fieldValue) {
    return WHITESPACE.trimFrom(sanitize(fieldValue));
  }

  /** The index of the first non-whitespace character of {@code s} at or after {@code from}. */
  static int skipWhitespace(String s, int from) {
    int i = from;
    while (i < s.length() && WHITESPACE.matches(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index just past the run of tchar that starts at {@code from}. */
  static int skipToken(String s, int from) {
    int i = from;
    while (i < s.length() && isTchar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * {@code s} as a quoted-string, escaping double quotes and backslashes; {@code s} must hold only HTAB, SP,
   * visible ASCII and obs-text.
   */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /**
   * Reads the quoted-string whose opening double quote is at {@code open}, appending its unescaped content to
   * {@code content}. Returns the index just past the closing quote, or -1 when the quoted-string is
   * unterminated or holds a character that a quoted-string may not hold.
   */
  static int readQuotedString(String s, int open, StringBuilder content) {
    int i = open + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= s.length() || !QUOTABLE.matches(s.charAt(i + 1))) {
          return -1;
        }
        content.append(s.charAt(i + 1));
        i += 2;
      } else if (QDTEXT.matches(c)) {
        content.append(c);
        i++;
      } else {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The index of the first comma at or after {@code from} that is not inside a quoted-string (a backslash
   * inside quotes escapes the next character), or the length of {@code s} when there is none. A double quote
   * that is never closed opens no quoted-string: the first comma after it separates, so that a stray quote
   * cannot hide the rest of the line (a {@code no-store} after it, say).
   */
  static int nextListSeparator(String s, int from) {
    boolean quoted = false;
    int opened = from;
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
        opened = i;
      } else if (c == ',' && !quoted) {
        return i;
      }
      i++;
    }
    int afterStrayQuote = quoted ? s.indexOf(',', opened + 1) : -1;
    return afterStrayQuote < 0 ? s.length() : afterStrayQuote;
  }
}
