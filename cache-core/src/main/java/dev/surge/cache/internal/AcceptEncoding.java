package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request's {@code Accept-Encoding} (RFC 9110 §12.5.3) and the choice it makes among the codings a stored
 * entry holds. Immutable; the parses of the few spellings clients send are kept, so a hit does not parse.
 */
public final class AcceptEncoding {

  /** The coding of a body sent as it is. */
  public static final String IDENTITY = "identity";
  private static final int MAXIMUM_QUALITY = 1000;
  private static final int LOWEST_QUALITY = 1;
  private static final int NOT_LISTED = -1;
  /** How many spellings are kept parsed: clients send a handful, an attacker's inventions are parsed each time. */
  private static final int KEPT_SPELLINGS = 256;
  private static final AcceptEncoding ABSENT = new AcceptEncoding(Map.of(), NOT_LISTED);
  private static final Map<String, AcceptEncoding> PARSED = new ConcurrentHashMap<>();
  private static final Splitter SEMICOLON = Splitter.on(';').trimResults();

  /** Quality in thousandths per listed coding (lower case), {@code x-gzip} read as {@code gzip}. */
  private final Map<String, Integer> qualities;
  /** The quality of {@code *}, or {@link #NOT_LISTED}. */
  private final int anyOther;

  private AcceptEncoding(Map<String, Integer> qualities, int anyOther) {
    this.qualities = qualities;
    this.anyOther = anyOther;
  }

  /** The {@code Accept-Encoding} of a request with these field values (none when it has no such field). */
  public static AcceptEncoding of(List<String> values) {
    if (values.isEmpty()) {
      return ABSENT;
    }
    String value = values.size() == 1 ? values.get(0) : String.join(",", values);
    AcceptEncoding parsed = PARSED.get(value);
    if (parsed == null) {
      parsed = parse(value);
      if (PARSED.size() < KEPT_SPELLINGS) {
        PARSED.putIfAbsent(value, parsed);
      }
    }
    return parsed;
  }

  /**
   * The coding to send of those {@code held} (lower case, most preferred first): the one with the highest
   * quality above zero, the earlier one on a tie; {@link #IDENTITY} when the request accepts none of them
   * (RFC 9110 §12.5.3 lets a server send the identity body then) or has no {@code Accept-Encoding}.
   */
  public String select(List<String> held) {
    String best = IDENTITY;
    int bestQuality = 0;
    for (String coding : held) {
      int quality = quality(coding);
      if (quality > bestQuality) {
        best = coding;
        bestQuality = quality;
      }
    }
    return best;
  }

  /**
   * The quality, in thousandths, the request gives {@code coding}: its own weight when listed, else that of
   * {@code *}; any other coding not listed is not acceptable, but identity is, unless excluded ({@code
   * identity;q=0}, or {@code *;q=0} with identity not listed), with the lowest quality: a client that lists
   * only {@code gzip;q=0.5} prefers gzip.
   */
  int quality(String coding) {
    Integer listed = qualities.get(coding);
    if (listed != null) {
      return listed;
    }
    if (anyOther != NOT_LISTED) {
      return anyOther;
    }
    return coding.equals(IDENTITY) ? LOWEST_QUALITY : 0;
  }

  /** Reads the list; an element that is not {@code coding [;q=qvalue]} is left out, as if not sent. */
  private static AcceptEncoding parse(String value) {
    Map<String, Integer> qualities = new HashMap<>();
    int anyOther = NOT_LISTED;
    String sanitized = HttpSyntax.sanitize(value);
    int start = 0;
    while (start <= sanitized.length()) {
      int end = HttpSyntax.nextListSeparator(sanitized, start);
      List<String> parts = SEMICOLON.splitToList(sanitized.substring(start, end));
      start = end + 1;
      String coding = Ascii.toLowerCase(parts.get(0));
      int quality = parts.size() == 1 ? MAXIMUM_QUALITY : parts.size() == 2 ? qvalue(parts.get(1)) : NOT_LISTED;
      if (quality == NOT_LISTED || !(coding.equals("*") || HttpSyntax.isToken(coding))) {
        continue;
      }
      if (coding.equals("*")) {
        anyOther = quality;
      } else {
        qualities.putIfAbsent(coding.equals("x-gzip") ? "gzip" : coding, quality);
      }
    }
    return new AcceptEncoding(Map.copyOf(qualities), anyOther);
  }

  /** The weight {@code q=qvalue} in thousandths, or {@link #NOT_LISTED} when it is not one (RFC 9110 §12.4.2). */
  private static int qvalue(String weight) {
    if (weight.length() < 3 || Ascii.toLowerCase(weight.charAt(0)) != 'q' || weight.charAt(1) != '=') {
      return NOT_LISTED;
    }
    String number = weight.substring(2);
    char whole = number.charAt(0);
    if ((whole != '0' && whole != '1') || number.length() > 5 || (number.length() > 1 && number.charAt(1) != '.')) {
      return NOT_LISTED;
    }
    int thousandths = 0;
    for (int i = 2; i < 5; i++) {
      int digit = i < number.length() ? number.charAt(i) - '0' : 0;
      if (digit < 0 || digit > 9) {
        return NOT_LISTED;
      }
      thousandths = thousandths * 10 + digit;
    }
    if (whole == '1') {
      return thousandths == 0 ? MAXIMUM_QUALITY : NOT_LISTED;
    }
    return thousandths;
  }
}
