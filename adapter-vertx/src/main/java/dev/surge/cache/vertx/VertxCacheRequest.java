package dev.surge.cache.vertx;

import dev.surge.cache.CacheRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Optional;

/** The cache's read-only view of a Vert.x request; reads it lazily and copies nothing up front. */
final class VertxCacheRequest implements CacheRequest {

  private final HttpServerRequest request;

  VertxCacheRequest(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String scheme() {
    String scheme = request.scheme();
    return scheme == null ? "http" : scheme;
  }

  /**
   * The authority of an absolute-form target ({@code GET http://host/path}), which RFC 9112 §3.2.2 puts before
   * {@code Host} and Vert.x's {@code absoluteURI()} carries into the application; else Vert.x's authority.
   * The policy keeps a request whose target authority and {@code Host} differ out of the cache.
   */
  @Override
  public String authority() {
    String target = request.uri();
    int schemeEnd = target.indexOf("://");
    if (!target.startsWith("/") && schemeEnd > 0) {
      int start = schemeEnd + 3;
      int end = start;
      while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
        end++;
      }
      return target.substring(start, end);
    }
    HostAndPort authority = request.authority();
    if (authority == null) {
      return "";
    }
    return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public Optional<String> query() {
    return Optional.ofNullable(request.query());
  }

  @Override
  public List<String> headers(String name) {
    MultiMap headers = request.headers();
    // most fields a lookup asks about are absent: a plain get finds that without building a list
    return headers.get(name) == null ? List.of() : headers.getAll(name);
  }

  @Override
  public Iterable<String> headerNames() {
    return request.headers().names();
  }
}
