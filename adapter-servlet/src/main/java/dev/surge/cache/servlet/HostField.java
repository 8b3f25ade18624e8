package dev.surge.cache.servlet;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code Host} field split into its host name (IPv6 literals without brackets) and its port, if it names
 * one: what a check that the application sees the host the client asked for needs.
 */
record HostField(String name, OptionalInt port) {

  /** The parts of {@code field}; empty when it is not a host with an optional port of up to five digits. */
  static Optional<HostField> parse(String field) {
    String name;
    String port;
    if (field.startsWith("[")) {
      int close = field.indexOf(']');
      if (close < 0 || (close + 1 < field.length() && field.charAt(close + 1) != ':')) {
        return Optional.empty();
      }
      name = field.substring(1, close);
      port = close + 1 < field.length() ? field.substring(close + 2) : "";
    } else {
      int colon = field.indexOf(':');
      if (colon != field.lastIndexOf(':')) {
        return Optional.empty();
      }
      name = colon < 0 ? field : field.substring(0, colon);
      port = colon < 0 ? "" : field.substring(colon + 1);
    }
    if (name.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    OptionalInt number = port.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port));
    return Optional.of(new HostField(name, number));
  }

  /** {@code host} without the brackets of an IPv6 literal. */
  static String unbracketed(String host) {
    boolean bracketed = host.length() > 1 && host.startsWith("[") && host.endsWith("]");
    return bracketed ? host.substring(1, host.length() - 1) : host;
  }
}
