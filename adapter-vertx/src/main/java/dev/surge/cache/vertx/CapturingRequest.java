package dev.surge.cache.vertx;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;

/**
 * The request as the router sees it when {@link HttpCacheHandler#capturing} is installed: unchanged but for
 * its response, which can copy aside what handlers write once the cache asks it to. Built on Vert.x's
 * internal request wrapper (which invites extension): the one way to see a body in Vert.x 5.
 */
final class CapturingRequest extends HttpServerRequestWrapper {

  private final CapturingResponse response;

  CapturingRequest(HttpServerRequestInternal request) {
    super(request);
    this.response = new CapturingResponse(request.response());
  }

  @Override
  public HttpServerResponse response() {
    return response;
  }
}
