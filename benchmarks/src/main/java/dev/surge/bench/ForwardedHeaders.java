package dev.surge.bench;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which header fields a forwarding proxy passes on: every end-to-end field, none of the hop-by-hop ones
 * (RFC 9110 §7.6.1) nor those a {@code Connection} field names, none of the {@code Proxy-} fields meant for
 * the next hop only (RFC 9110 §11.7), and not {@code Host} (the upstream's own authority is sent instead, as
 * nginx does by default). Framing fields are not passed either: the proxy frames what it sends itself.
 */
final class ForwardedHeaders {

  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "proxy-authentication-info", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
      "expect", "http2-settings");

  private final Set<String> dropped = new TreeSet<>(HOP_BY_HOP);

  /** The rule for one message whose {@code Connection} field values are {@code connection}. */
  ForwardedHeaders(Iterable<String> connection) {
    for (String value : connection) {
      for (String name : value.split(",")) {
        dropped.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Whether the field {@code name} is passed on. */
  boolean passes(String name) {
    return !name.startsWith(":") && !dropped.contains(name.toLowerCase(Locale.ROOT));
  }
}
