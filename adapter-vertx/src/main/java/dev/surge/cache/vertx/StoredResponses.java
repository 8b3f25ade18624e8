package dev.surge.cache.vertx;

import dev.surge.cache.CachedResponse;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes stored responses to Vert.x responses. */
final class StoredResponses {

  /** Prepares a response for writing once per served view rather than on every hit. */
  private static final CachedResponse.Derivation<Prepared> PREPARED = Prepared::of;

  private StoredResponses() {}

  /**
   * Writes {@code stored} and ends {@code response}: its headers replace any set earlier under the same names;
   * the body is not copied but wrapped read-only.
   */
  static void write(HttpServerResponse response, CachedResponse stored) {
    stored.derived(PREPARED).writeTo(response);
  }

  /**
   * A stored response in Vert.x's own types, shared by the hits of one view: the header fields as {@link
   * AsciiString}s (hashed once, validated and encoded by copying bytes) and the body as one read-only buffer
   * over the stored bytes, which each write slices and never changes.
   */
  private record Prepared(int status, List<Field> fields, Optional<Buffer> body) {

    static Prepared of(CachedResponse stored) {
      List<Field> fields = new ArrayList<>(stored.headers().size());
      stored.headers().replaceIn(
          (name, value) -> fields.add(new Field(new AsciiString(name), new AsciiString(value), true)),
          (name, value) -> fields.add(new Field(new AsciiString(name), new AsciiString(value), false)));
      Optional<Buffer> body = stored.bodyLength() > 0
          ? Optional.of(BufferInternal.buffer(Unpooled.wrappedBuffer(stored.body())))
          : Optional.empty();
      return new Prepared(stored.status(), List.copyOf(fields), body);
    }

    void writeTo(HttpServerResponse response) {
      response.setStatusCode(status);
      MultiMap headers = response.headers();
      for (int i = 0; i < fields.size(); i++) { // by index: no iterator on the hit path
        Field field = fields.get(i);
        if (field.replaces()) {
          headers.set(field.name(), field.value());
        } else {
          headers.add(field.name(), field.value());
        }
      }
      if (body.isPresent()) {
        response.end(body.get());
      } else {
        response.end();
      }
    }
  }

  /** One header field; the first of its name {@code replaces} what was set before under that name. */
  private record Field(AsciiString name, AsciiString value, boolean replaces) {}
}
