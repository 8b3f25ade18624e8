package dev.surge.cache.vertx;

import dev.surge.cache.CapturedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;

/**
 * The copy of one response kept aside for the cache: the body up to a limit (past it, the copy is dropped
 * and only the overflow is remembered), and the first reason, if any, why the response must not be stored.
 */
final class ResponseCapture {

  private final long limit;
  private Buffer body = Buffer.buffer();
  private boolean overflowed;
  private Optional<String> unfitBecause = Optional.empty();
  private boolean endedByApplication;

  ResponseCapture(long limit) {
    this.limit = limit;
  }

  void append(Buffer chunk) {
    if (overflowed) {
      return;
    }
    if ((long) body.length() + chunk.length() > limit) {
      overflowed = true;
      body = Buffer.buffer();
      return;
    }
    body.appendBuffer(chunk);
  }

  void markEnded() {
    endedByApplication = true;
  }

  /** Whether the application ended the response through the wrapper, so that the whole body passed by. */
  boolean endedByApplication() {
    return endedByApplication;
  }

  void unfit(String reason) {
    if (unfitBecause.isEmpty()) {
      unfitBecause = Optional.of(reason);
    }
  }

  Optional<String> unfitBecause() {
    return unfitBecause;
  }

  /** The capture of a response that ended with {@code status} and {@code headers}. */
  CapturedResponse toCaptured(int status, MultiMap headers) {
    CapturedResponse.Builder captured = CapturedResponse.builder().status(status);
    for (Map.Entry<String, String> header : headers) {
      captured.header(header.getKey(), header.getValue());
    }
    if (overflowed) {
      captured.overflowed();
    } else {
      captured.body(body.getBytes());
    }
    return captured.build();
  }
}
