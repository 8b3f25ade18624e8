package dev.surge.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * A request as proxy mode sends it upstream: the method, the target (path and query as the client sent them),
 * the end-to-end header fields, and the body, present exactly when the client sent one.
 */
record UpstreamRequest(HttpMethod method, String target, MultiMap fields, Optional<Buffer> body) {

  private static final Set<HttpMethod> IDEMPOTENT = Set.of(
      HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

  /** Whether sending the request twice means the same as sending it once (RFC 9110 §9.2.2). */
  boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  /**
   * The body of a client's request whose bytes were {@code read}: present when the client framed one (with
   * {@code Content-Length} or {@code Transfer-Encoding}, even if empty) or sent bytes without framing (as
   * HTTP/2 may), absent otherwise.
   */
  static Optional<Buffer> bodyOf(boolean framed, Buffer read) {
    return framed || read.length() > 0 ? Optional.of(read) : Optional.empty();
  }
}
