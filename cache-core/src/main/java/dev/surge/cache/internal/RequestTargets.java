package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Validation and normalization of the parts of a request target that go into a cache key. Everything here is
 * strict on purpose: a part that does not validate keeps the request out of the cache rather than being
 * repaired into something another request could also produce.
 */
public final class RequestTargets {

  private static final CharMatcher HOST_NAME =
      CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('0', '9')).or(CharMatcher.anyOf(".-_~")).precomputed();
  private static final CharMatcher IPV6 =
      CharMatcher.inRange('0', '9').or(CharMatcher.inRange('a', 'f')).or(CharMatcher.anyOf(":.")).precomputed();
  private static final CharMatcher DIGIT = CharMatcher.inRange('0', '9').precomputed();
  /** Visible ASCII except '#': what may stand in a path or query as received. */
  private static final CharMatcher TARGET_CHAR =
      CharMatcher.inRange('!', '~').and(CharMatcher.isNot('#')).precomputed();
  private static final Splitter AMPERSAND = Splitter.on('&');

  private RequestTargets() {}

  /**
   * The host of {@code authority} in lower case, with its port only when that is not {@code scheme}'s
   * default; empty when the authority is not a valid {@code host[:port]} (no user info, no stray characters,
   * a port from 1 to 65535).
   */
  public static Optional<String> normalizeAuthority(String scheme, String authority) {
    // Runs on every lookup: it reads the lower-cased authority in place and returns it as is when it is
    // already normal, so that a common Host field costs no new string.
    String lower = Ascii.toLowerCase(authority);
    int hostEnd = lower.startsWith("[") ? ipv6LiteralEnd(lower) : hostNameEnd(lower);
    if (hostEnd < 0) {
      return Optional.empty();
    }
    if (hostEnd == lower.length()) {
      return Optional.of(lower);
    }
    int port = lower.charAt(hostEnd) == ':' ? port(lower, hostEnd + 1) : -1;
    if (port < 0) {
      return Optional.empty();
    }
    if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
      return Optional.of(lower.substring(0, hostEnd));
    }
    boolean leadingZero = lower.charAt(hostEnd + 1) == '0';
    return Optional.of(leadingZero ? lower.substring(0, hostEnd + 1) + port : lower);
  }

  /** The index just past the bracketed IPv6 literal {@code authority} starts with; -1 when there is none. */
  private static int ipv6LiteralEnd(String authority) {
    int close = authority.indexOf(']');
    if (close < 3) { // "[", at least two characters, "]"
      return -1;
    }
    for (int i = 1; i < close; i++) {
      if (!IPV6.matches(authority.charAt(i))) {
        return -1;
      }
    }
    return close + 1;
  }

  /** The index of the ':' or the end after the host name {@code authority} starts with; -1 when there is none. */
  private static int hostNameEnd(String authority) {
    int end = 0;
    while (end < authority.length() && authority.charAt(end) != ':') {
      if (!HOST_NAME.matches(authority.charAt(end))) {
        return -1;
      }
      end++;
    }
    return end == 0 ? -1 : end;
  }

  /** The port of 1 to 5 ASCII digits from {@code start} to the end of {@code authority}; -1 unless in 1..65535. */
  private static int port(String authority, int start) {
    int digits = authority.length() - start;
    if (digits < 1 || digits > 5) {
      return -1;
    }
    int port = 0;
    for (int i = start; i < authority.length(); i++) {
      char c = authority.charAt(i);
      if (!DIGIT.matches(c)) {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
  }

  /** The host name of a normalized authority, without its port. */
  public static String hostName(String normalizedAuthority) {
    if (normalizedAuthority.startsWith("[")) {
      return normalizedAuthority.substring(0, normalizedAuthority.indexOf(']') + 1);
    }
    int colon = normalizedAuthority.indexOf(':');
    return colon < 0 ? normalizedAuthority : normalizedAuthority.substring(0, colon);
  }

  /** Whether {@code path} is an origin-form path: starts with '/', only visible ASCII, no '#'. */
  public static boolean isValidPath(String path) {
    return path.startsWith("/") && TARGET_CHAR.matchesAllOf(path);
  }

  /** Whether {@code query} holds only visible ASCII and no '#'. */
  public static boolean isValidQuery(String query) {
    return TARGET_CHAR.matchesAllOf(query);
  }

  /**
   * The query with the parameters whose raw name {@code ignored} accepts removed, and, when {@code sort} is
   * set, the remaining parameters sorted by name (stable, so repeated names keep their order). Parameters
   * are never decoded or re-encoded. Without sorting and with nothing ignored the query is returned as is.
   */
  public static String normalizeQuery(String query, boolean sort, Predicate<String> ignored) {
    if (query.isEmpty()) {
      return query;
    }
    List<String> parameters = new ArrayList<>();
    boolean changed = false;
    for (String parameter : AMPERSAND.split(query)) {
      // A ';' inside could make a framework that also splits on ';' see a second, keyed parameter.
      if (ignored.test(parameterName(parameter)) && parameter.indexOf(';') < 0) {
        changed = true;
      } else {
        parameters.add(parameter);
      }
    }
    if (sort) {
      parameters.removeIf(String::isEmpty);
      parameters.sort(Comparator.comparing(RequestTargets::parameterName));
      changed = true;
    }
    return changed ? String.join("&", parameters) : query;
  }

  private static String parameterName(String parameter) {
    int equals = parameter.indexOf('=');
    return equals < 0 ? parameter : parameter.substring(0, equals);
  }
}
