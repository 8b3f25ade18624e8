package dev.surge.cache.diff;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The parts of a request a generated application may read, as an adapter's differential application hands
 * them over.
 *
 * @param header the first value of a request header by name (any case)
 * @param body the request body as text, empty when there is none
 */
public record DiffRequest(HeaderLookup header, String body) {

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
