package dev.surge.cache;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of an incoming HTTP request, implemented by each adapter over its framework's request
 * without copying it. The cache reads only what this interface offers and never the body.
 *
 * <p>Implementations return the values exactly as received (not decoded, not normalized): the cache
 * validates and normalizes them itself, so that two requests a client can tell apart never share a key.
 */
public interface CacheRequest {

  /** The request method as received, e.g. {@code GET}. */
  String method();

  /** {@code http} or {@code https}: the scheme of the connection the server accepted. */
  String scheme();

  /**
   * The authority the client addressed: the HTTP/1.1 {@code Host} field or the HTTP/2 {@code :authority},
   * as received; empty when the request carried neither.
   */
  String authority();

  /** The path of the request target, as received (percent-encoding intact), without the query. */
  String path();

  /** The query of the request target as received, without the {@code ?}; empty when there is none. */
  Optional<String> query();

  /**
   * Every value of the named request header (case-insensitive name), in order; empty when absent. The cache
   * asks with lower-case names.
   */
  List<String> headers(String name);

  /** The names of the request's header fields, each once, in any case. */
  Iterable<String> headerNames();

  /**
   * Whether a layer in front of the application (a forwarding-header filter, a container valve) changed what
   * the application sees of this request, its scheme, host, port or path, from what this view reports: for
   * instance from forwarding headers that it then hid. Such a request is neither served from nor stored into
   * the cache, unless the forwarding headers it carries are all trusted, so that their values are part of its
   * key. Adapters that cannot tell answer {@code false}, the default.
   */
  default boolean rewrittenInFront() {
    return false;
  }

  /** The first value of the named request header. */
  default Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
