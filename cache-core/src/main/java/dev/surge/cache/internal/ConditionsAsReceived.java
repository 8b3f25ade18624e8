package dev.surge.cache.internal;

import dev.surge.cache.CacheRequest;
import java.util.List;
import java.util.Optional;

/**
 * A request view whose conditional fields ({@code If-None-Match}, {@code If-Modified-Since}) stay the ones the
 * client sent, even after an adapter replaced them with a stored response's validators on the request it passes
 * to the application: what the client asked for is answered from them. Everything else is read through.
 */
final class ConditionsAsReceived implements CacheRequest {

  private final CacheRequest request;
  private final List<String> ifNoneMatch;
  private final List<String> ifModifiedSince;

  ConditionsAsReceived(CacheRequest request) {
    this.request = request;
    this.ifNoneMatch = List.copyOf(request.headers("if-none-match"));
    this.ifModifiedSince = List.copyOf(request.headers("if-modified-since"));
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String scheme() {
    return request.scheme();
  }

  @Override
  public String authority() {
    return request.authority();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public Optional<String> query() {
    return request.query();
  }

  @Override
  public List<String> headers(String name) {
    if (name.equalsIgnoreCase("if-none-match")) {
      return ifNoneMatch;
    }
    return name.equalsIgnoreCase("if-modified-since") ? ifModifiedSince : request.headers(name);
  }

  @Override
  public Iterable<String> headerNames() {
    return request.headerNames();
  }

  @Override
  public boolean rewrittenInFront() {
    return request.rewrittenInFront();
  }
}
