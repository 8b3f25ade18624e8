package dev.surge.cache.internal;

import com.google.common.base.CharMatcher;

/**
 * A credential the {@link LeakGuard} found in a response body, by name only: it never holds the value, so it
 * can be logged as it is.
 *
 * @param cookie whether it is a cookie (else a request header)
 * @param name the cookie's name as the request sent it, or the header's name ({@code Authorization} or
 *     {@code Proxy-Authorization})
 */
public record LeakedCredential(boolean cookie, String name) {

  private static final int LONGEST_LOGGED_NAME = 64;
  private static final CharMatcher TOKEN =
      CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('A', 'Z')).or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("!#$%&'*+-.^_`|~"));

  /** The cookie named {@code name}. */
  public static LeakedCredential cookieNamed(String name) {
    return new LeakedCredential(true, name);
  }

  /** The request header {@code name}. */
  public static LeakedCredential header(String name) {
    return new LeakedCredential(false, name);
  }

  /**
   * The credential for a log line: {@code cookie "remember_me"} or {@code header Authorization}. A cookie's
   * name comes from the client, so it is cut to 64 characters and every character that is not a token
   * character is shown as {@code ?}: it cannot forge log lines.
   */
  public String describe() {
    if (!cookie) {
      return "header " + name;
    }
    String shown = name.length() > LONGEST_LOGGED_NAME ? name.substring(0, LONGEST_LOGGED_NAME) + "..." : name;
    return "cookie \"" + TOKEN.negate().replaceFrom(shown, '?') + "\"";
  }
}
