package dev.surge.cache.servlet;

import dev.surge.cache.CacheRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/** The cache's read-only view of a servlet request; reads the request lazily and copies nothing up front. */
final class ServletCacheRequest implements CacheRequest {

  private final HttpServletRequest request;

  ServletCacheRequest(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String scheme() {
    return request.getScheme();
  }

  @Override
  public String authority() {
    String host = request.getHeader("Host");
    return host == null ? "" : host;
  }

  @Override
  public String path() {
    return request.getRequestURI();
  }

  @Override
  public Optional<String> query() {
    return Optional.ofNullable(request.getQueryString());
  }

  @Override
  public List<String> headers(String name) {
    if (request.getHeader(name) == null) { // most fields a lookup asks about are absent: no enumeration then
      return List.of();
    }
    Enumeration<String> values = request.getHeaders(name);
    return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
  }

  /** Read from the request on each iteration, copying nothing. */
  @Override
  public Iterable<String> headerNames() {
    return () -> {
      Enumeration<String> names = request.getHeaderNames();
      return names == null ? Collections.emptyIterator() : names.asIterator();
    };
  }
}
