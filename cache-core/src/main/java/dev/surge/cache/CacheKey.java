package dev.surge.cache;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;

/**
 * The identity of a stored response: a structured value, compared part by part, so that no choice of
 * characters in one part can make two different requests collide.
 *
 * <p>{@code method} is the method class the response answers ({@code GET}; HEAD folds into it). {@code scheme}
 * and {@code host} are lower case, the host without a default port. {@code path} and {@code query} are the
 * validated request target (the query possibly sorted and filtered, as configured). {@code headers} holds,
 * by lower-case name, the request header values that select among variants: those named by the stored
 * response's {@code Vary}, and trusted forwarding headers. A name missing from the map means the header was
 * absent, which is different from present and empty.
 *
 * @param method the method class
 * @param scheme {@code http} or {@code https}
 * @param host the validated host, with a port only when it is not the scheme's default
 * @param path the request path
 * @param query the request query, empty when there is none
 * @param headers selecting request header values by lower-case name
 */
public record CacheKey(
    String method, String scheme, String host, String path, String query, Map<String, String> headers) {

  /** Copies {@code headers} into an immutable map sorted by name. */
  public CacheKey {
    headers = headers.isEmpty() ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(headers);
  }

  /** The key of the resource without any header selection: the one every variant of the URL shares. */
  public CacheKey primary() {
    return headers.isEmpty() ? this : new CacheKey(method, scheme, host, path, query, Map.of());
  }

  /** Whether this key and {@code other} name the same resource (the same primary key). */
  public boolean sameResourceAs(CacheKey other) {
    return method.equals(other.method)
        && scheme.equals(other.scheme)
        && host.equals(other.host)
        && path.equals(other.path)
        && query.equals(other.query);
  }

  /** The total number of characters in the key, the measure the maximum key length applies to. */
  public int length() {
    int length = method.length() + scheme.length() + host.length() + path.length() + query.length();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      length += header.getKey().length() + header.getValue().length();
    }
    return length;
  }

  /** The URL and, when there is one, the header selection: what logs show of a key. */
  @Override
  public String toString() {
    return headers.isEmpty() ? url() : url() + " " + headers;
  }

  /** The URL the key names, for logs and purges, e.g. {@code https://example.com/a?b=1}. */
  public String url() {
    return scheme + "://" + host + path + (query.isEmpty() ? "" : "?" + query);
  }
}
