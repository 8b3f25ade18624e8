package dev.surge.cache.diff;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one client received: a status, header fields (names in lower case) and body bytes, or the failure
 * that ended the exchange (a reset connection, a body shorter than its {@code Content-Length}).
 *
 * @param status the status, 0 when the exchange failed
 * @param headers the header fields by lower-case name
 * @param body the body bytes
 * @param failure why the exchange failed, if it did
 */
public record Observed(int status, Map<String, List<String>> headers, byte[] body, Optional<String> failure) {

  /** What {@code response} holds. */
  public static Observed of(HttpResponse<byte[]> response) {
    Map<String, List<String>> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values));
      }
    });
    return new Observed(response.statusCode(), headers, response.body(), Optional.empty());
  }

  /** An exchange that ended with {@code failure}. */
  public static Observed failed(Exception failure) {
    return new Observed(0, Map.of(), new byte[0], Optional.of(causeChain(failure)));
  }

  /** Every cause's class and message, outermost first, so that a rare transport failure can be told apart. */
  private static String causeChain(Throwable failure) {
    StringBuilder chain = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      chain.append(chain.length() == 0 ? "" : " <- ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        chain.append(": ").append(cause.getMessage());
      }
    }
    return chain.toString();
  }

  /** The first value of the lower-case {@code name}. */
  public Optional<String> first(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Whether Surge answered it from its store: a hit, or a stale entry the application's 304 revalidated (its
   * {@code Cache-Status} says {@code hit}, or {@code fwd-status=304}). Either is written from the stored
   * response, framed as the store frames it, not as the application framed its render.
   */
  public boolean isHit() {
    return first("cache-status").filter(status -> status.contains("; hit") || status.contains("; fwd-status=304"))
        .isPresent();
  }

  /** A short description for reports. */
  public String describe() {
    if (failure.isPresent()) {
      return "failed (" + failure.get() + ")";
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    return status + " " + headers + " body(" + body.length + ")=" + printable(text.length() > 120 ? text.substring(0, 120) + "..." : text);
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
