package dev.surge.cache.vertx;

import dev.surge.cache.CachedResponse;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

/** Writes stored responses to Vert.x responses. */
final class StoredResponses {

  private StoredResponses() {}

  /**
   * Writes {@code stored} and ends {@code response}: its headers replace any set earlier under the same names;
   * the body is not copied but wrapped read-only.
   */
  static void write(HttpServerResponse response, CachedResponse stored) {
    response.setStatusCode(stored.status());
    stored.headers().replaceIn(
        (name, value) -> response.headers().set(name, value), (name, value) -> response.headers().add(name, value));
    if (stored.bodyLength() > 0) {
      response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(stored.body())));
    } else {
      response.end();
    }
  }
}
