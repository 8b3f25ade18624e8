package dev.surge.cache.vertx;

import dev.surge.cache.CacheRequest;
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

  @Override
  public String authority() {
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
    return request.headers().getAll(name);
  }

  @Override
  public Iterable<String> headerNames() {
    return request.headers().names();
  }
}
