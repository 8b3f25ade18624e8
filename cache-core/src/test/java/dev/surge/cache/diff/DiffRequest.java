package dev.surge.cache.diff;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The parts of a request a generated application may read, as an adapter's differential application hands
 * them over. Every client of the suite names the moment of its case in {@value #MOMENT_FIELD}: the suite moves
 * the case to its next moment only after the Surge side's clock has passed every stored page's freshness, and
 * a page may change from one moment to the next (see {@link Behaviour.Revision}).
 *
 * @param header the first value of a request header by name (any case)
 * @param body the request body as text, empty when there is none
 */
public record DiffRequest(HeaderLookup header, String body) {

  /** The request field that names the moment of the case, {@code 0} when it is missing. */
  public static final String MOMENT_FIELD = "X-Diff-Moment";

  /** A request without a body that names {@code moment} and nothing else. */
  public static DiffRequest atMoment(int moment) {
    String value = Integer.toString(moment);
    return new DiffRequest(name -> name.equalsIgnoreCase(MOMENT_FIELD) ? value : null, "");
  }

  /** Reads one request header. */
  @FunctionalInterface
  public interface HeaderLookup {
    /** The first value of {@code name}, or null. */
    String first(String name);
  }

  /** The first value of the request header {@code name}. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(header.first(name));
  }

  /** The moment of the case the request names, {@code 0} when it names none or a malformed one. */
  public int moment() {
    try {
      return header(MOMENT_FIELD).map(String::trim).map(Integer::parseInt).filter(moment -> moment >= 0).orElse(0);
    } catch (NumberFormatException malformed) {
      return 0;
    }
  }

  /** The user name of a {@code Basic} {@code Authorization}, if the request carries one. */
  public Optional<String> user() {
    return header("Authorization")
        .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
        .map(value -> {
          try {
            String decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
          } catch (IllegalArgumentException notBase64) {
            return "?";
          }
        });
  }
}
