package dev.surge.cache.vertx;

import dev.surge.cache.ResponseHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;

/**
 * The request as the router sees it when {@link HttpCacheHandler#capturing} is installed: unchanged but for
 * its response, which can copy aside what handlers write once the cache asks it to, and, while the cache
 * revalidates a stored response, its {@code If-None-Match} and {@code If-Modified-Since}, which are then the
 * stored response's validators. Built on Vert.x's internal request wrapper (which invites extension): the one
 * way to see a body in Vert.x 5.
 */
final class CapturingRequest extends HttpServerRequestWrapper {

  private final CapturingResponse response;
  /** The header fields with the stored validators in place of the client's, while revalidating; else null. */
  private MultiMap revalidatingHeaders;

  CapturingRequest(HttpServerRequestInternal request) {
    super(request);
    this.response = new CapturingResponse(request.response(), this);
  }

  @Override
  public HttpServerResponse response() {
    return response;
  }

  /** Makes handlers see {@code conditionalFields} in place of the client's own conditional fields. */
  void passConditionalFields(ResponseHeaders conditionalFields) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(delegate.headers());
    headers.remove("If-None-Match");
    headers.remove("If-Modified-Since");
    conditionalFields.forEach(headers::add);
    revalidatingHeaders = headers;
  }

  @Override
  public MultiMap headers() {
    return revalidatingHeaders == null ? delegate.headers() : revalidatingHeaders;
  }
}
