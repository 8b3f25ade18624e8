package dev.surge.cache.internal;

import dev.surge.cache.CacheRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a response body holds the value of a credential sent with the request that rendered it: a page that
 * echoes a {@code remember_me} cookie or a bearer token, stored in a shared cache, would hand that secret to
 * every later client. A pure function of the request and the body.
 *
 * <p>The credentials: the value of every cookie in the request's {@code Cookie} fields, whatever its name
 * (surrounding double quotes removed), and the credentials of {@code Authorization} and {@code
 * Proxy-Authorization}: the part after the scheme (a bearer token, the Basic blob; the whole value when it has
 * no scheme) and, for {@code Basic}, the decoded password. Only values of at least {@value #MINIMUM_LENGTH}
 * characters count: shorter ones ({@code lang=en}, {@code consent=1}) appear in pages by chance.
 *
 * <p>Found, for each such value, as its UTF-8 bytes anywhere in the body's bytes:
 *
 * <ul>
 *   <li>the value as sent, and its percent-decoded form when it holds {@code %XX} escapes;
 *   <li>the longest run of characters of the (decoded) value that no usual escaping changes (letters, digits,
 *       {@code - . _ ~}), when it is at least {@value #MINIMUM_LENGTH} characters long. So the value
 *       HTML-escaped ({@code &amp;}, {@code &#39;}), JSON- or JavaScript-escaped ({@code \/}, {@code \u003d}),
 *       percent-encoded into a link, or echoed in part, is found as long as that run is echoed whole. Random
 *       tokens (hex, base64, JWTs) consist almost only of such characters.
 * </ul>
 *
 * <p>Not found: a value otherwise transformed (case changed, base64-encoded, hashed, split by markup, cut
 * shorter than its longest run), a value without such a run that is echoed escaped, a body the application
 * compressed itself ({@code Content-Encoding}) or wrote in an encoding that is not ASCII-compatible (UTF-16),
 * and values shorter than {@value #MINIMUM_LENGTH} characters. Found although harmless: a long-enough value
 * that the page holds anyway, such as {@code cookieconsent=accepted} on a page saying "accepted"; that only
 * keeps this one render out of the cache.
 *
 * <p>Cost: three header look-ups when the request carries no cookie and no authorization; otherwise one copy
 * of the body into a Latin-1 string (one byte per character) and one intrinsic {@link String#indexOf} over it
 * per credential value (two when the value is percent-encoded).
 */
public final class LeakGuard {

  /** The fewest characters a credential value must have to count. */
  public static final int MINIMUM_LENGTH = 8;
  /**
   * The most distinct values searched for in one body. A request with more credential values than this
   * (a client can send hundreds of cookies) is treated as leaking, rather than searched: its response is not
   * stored, and a miss costs at most this many searches of the body.
   */
  public static final int MAXIMUM_SEARCHES = 32;

  private LeakGuard() {}

  /**
   * The first credential of {@code request} (cookies in order, then {@code Authorization}, then {@code
   * Proxy-Authorization}) whose value {@code body} holds; empty when none does or the request carries none.
   */
  public static Optional<LeakedCredential> find(CacheRequest request, byte[] body) {
    List<String> cookieFields = request.headers("cookie");
    List<String> authorization = request.headers("authorization");
    List<String> proxyAuthorization = request.headers("proxy-authorization");
    if (cookieFields.isEmpty() && authorization.isEmpty() && proxyAuthorization.isEmpty()
        || body.length < MINIMUM_LENGTH) {
      return Optional.empty();
    }
    Body searched = new Body(body);
    try {
      for (String field : cookieFields) {
        Optional<LeakedCredential> leak = findCookie(field, searched);
        if (leak.isPresent()) {
          return leak;
        }
      }
      if (holdsAuthorization(authorization, searched)) {
        return Optional.of(LeakedCredential.header("Authorization"));
      }
      if (holdsAuthorization(proxyAuthorization, searched)) {
        return Optional.of(LeakedCredential.header("Proxy-Authorization"));
      }
      return Optional.empty();
    } catch (SearchBudgetSpent tooMany) {
      return Optional.of(LeakedCredential.header("Cookie (more than " + MAXIMUM_SEARCHES + " values to look for)"));
    }
  }

  private static Optional<LeakedCredential> findCookie(String field, Body body) {
    int start = 0;
    while (start < field.length()) {
      int end = nextCookieSeparator(field, start);
      int equals = field.indexOf('=', start);
      boolean named = equals >= 0 && equals < end;
      String value = unquoted(field.substring(named ? equals + 1 : start, end).trim());
      if (holdsValue(value, body)) {
        return Optional.of(LeakedCredential.cookieNamed(named ? field.substring(start, equals).trim() : ""));
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /** Where the cookie starting at {@code start} ends: the next {@code ;} or {@code ,}, as the policy splits. */
  private static int nextCookieSeparator(String field, int start) {
    for (int i = start; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ';' || c == ',') {
        return i;
      }
    }
    return field.length();
  }

  private static boolean holdsAuthorization(List<String> fields, Body body) {
    for (String field : fields) {
      String trimmed = field.trim();
      int space = trimmed.indexOf(' ');
      String credentials = space < 0 ? trimmed : trimmed.substring(space + 1).trim();
      if (holdsValue(credentials, body)) {
        return true;
      }
      if (space == 5 && trimmed.regionMatches(true, 0, "Basic", 0, 5)) {
        Optional<String> password = basicPassword(credentials);
        if (password.isPresent() && holdsValue(password.get(), body)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<String> basicPassword(String blob) {
    try {
      String decoded = new String(Base64.getDecoder().decode(blob), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static boolean holdsValue(String value, Body body) {
    if (value.length() < MINIMUM_LENGTH) {
      return false;
    }
    for (String needle : needles(value)) {
      if (body.holds(needle)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What to look for, each a string of bytes (one Latin-1 character per byte): the longest escape-proof run
   * of the decoded value if long enough, else the decoded value; and the value as sent when decoding changed it.
   */
  private static List<String> needles(String value) {
    String sent = bytes(value);
    String decoded = percentDecoded(sent);
    String run = longestPlainRun(decoded);
    List<String> needles = new ArrayList<>(2);
    if (run.length() >= MINIMUM_LENGTH) {
      needles.add(run);
    } else if (decoded.length() >= MINIMUM_LENGTH) {
      needles.add(decoded);
    }
    if (!decoded.equals(sent)) {
      needles.add(sent);
    }
    return needles;
  }

  /** {@code value}'s UTF-8 bytes as a Latin-1 string; {@code value} itself when it is ASCII. */
  private static String bytes(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return value;
  }

  /** {@code bytes} with every {@code %XX} replaced by the byte it stands for; other {@code %} kept. */
  private static String percentDecoded(String bytes) {
    if (bytes.indexOf('%') < 0) {
      return bytes;
    }
    StringBuilder decoded = new StringBuilder(bytes.length());
    for (int i = 0; i < bytes.length(); i++) {
      char c = bytes.charAt(i);
      int high = c == '%' && i + 2 < bytes.length() ? Character.digit(bytes.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(bytes.charAt(i + 2), 16) : -1;
      if (low >= 0) {
        decoded.append((char) (high * 16 + low));
        i += 2;
      } else {
        decoded.append(c);
      }
    }
    return decoded.toString();
  }

  /** The longest run of letters, digits and {@code - . _ ~} in {@code bytes} (the first of equal ones). */
  private static String longestPlainRun(String bytes) {
    int bestStart = 0;
    int bestLength = 0;
    int start = 0;
    for (int i = 0; i <= bytes.length(); i++) {
      if (i == bytes.length() || !isPlain(bytes.charAt(i))) {
        if (i - start > bestLength) {
          bestStart = start;
          bestLength = i - start;
        }
        start = i + 1;
      }
    }
    return bytes.substring(bestStart, bestStart + bestLength);
  }

  private static boolean isPlain(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /**
   * The body as a Latin-1 string, made on the first search: byte search becomes the JDK's intrinsic indexOf.
   * Each distinct needle is searched for once, and at most {@link #MAXIMUM_SEARCHES} of them.
   */
  private static final class Body {
    private final byte[] bytes;
    private final Set<String> searched = new HashSet<>();
    private String text;

    Body(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean holds(String needle) {
      if (!searched.add(needle)) {
        return false; // searched for already, and not found, or the search would have ended
      }
      if (searched.size() > MAXIMUM_SEARCHES) {
        throw new SearchBudgetSpent();
      }
      if (text == null) {
        text = new String(bytes, StandardCharsets.ISO_8859_1);
      }
      return text.contains(needle);
    }
  }

  /** Thrown when a request has more values to look for than a body is searched for. */
  private static final class SearchBudgetSpent extends RuntimeException {
    SearchBudgetSpent() {
      super(null, null, false, false);
    }
  }
}
