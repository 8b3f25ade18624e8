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
    String lower = Ascii.toLowerCase(authority);
    String host;
    String port;
    if (lower.startsWith("[")) {
      int close = lower.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = lower.substring(0, close + 1);
      String rest = lower.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return Optional.empty();
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
      if (host.length() < 4 || !IPV6.matchesAllOf(host.substring(1, host.length() - 1))) {
        return Optional.empty();
      }
    } else {
      int colon = lower.indexOf(':');
      host = colon < 0 ? lower : lower.substring(0, colon);
      port = colon < 0 ? "" : lower.substring(colon + 1);
      if (host.isEmpty() || !HOST_NAME.matchesAllOf(host)) {
        return Optional.empty();
      }
    }
    if (port.isEmpty()) {
      return lower.endsWith(":") ? Optional.empty() : Optional.of(host);
    }
    if (port.length() > 5 || !DIGIT.matchesAllOf(port)) {
      return Optional.empty();
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65535) {
      return Optional.empty();
    }
    boolean defaultPort =
        ("http".equals(scheme) && number == 80) || ("https".equals(scheme) && number == 443);
    return Optional.of(defaultPort ? host : host + ":" + number);
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
