package dev.surge.cache.vertx;

import dev.surge.cache.CapturedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The copy of one response kept aside for the cache: the body up to a limit (past it, the copy is dropped
 * and only the overflow is remembered), the content coding the application gave it, and the first reason,
 * if any, why the response must not be stored.
 */
final class ResponseCapture {

  private static final byte[] NOTHING = new byte[0];
  private static final String CONTENT_ENCODING = "Content-Encoding";

  private final long limit;
  private byte[] body = NOTHING;
  private int size;
  private boolean overflowed;
  private Optional<String> unfitBecause = Optional.empty();
  private boolean endedByApplication;
  private Optional<List<String>> applicationCodings = Optional.empty();

  ResponseCapture(long limit) {
    this.limit = limit;
  }

  /**
   * Copies {@code chunk} aside. A body ended in one chunk (the common case) is held in an array of its size;
   * one written in parts grows by doubling, never past the limit.
   */
  void append(Buffer chunk) {
    int length = chunk.length();
    if (overflowed || length == 0) {
      return;
    }
    if ((long) size + length > limit) {
      overflowed = true;
      body = NOTHING;
      size = 0;
      return;
    }
    if (size + length > body.length) {
      long wanted = size == 0 ? length : Math.max(size + length, 2L * body.length);
      body = Arrays.copyOf(body, (int) Math.min(wanted, limit));
    }
    chunk.getBytes(0, length, body, size);
    size += length;
  }

  /**
   * Notes the {@code Content-Encoding} values of {@code headers} as the application left them when its head
   * was about to go out; only the first call counts. A server that compresses responses itself sets its own
   * coding on the same header map as it writes the head, and that coding describes bytes Surge never saw.
   */
  void headGoingOut(MultiMap headers) {
    if (applicationCodings.isEmpty()) {
      applicationCodings = Optional.of(headers.getAll(CONTENT_ENCODING));
    }
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
      if (applicationCodings.isEmpty() || !header.getKey().equalsIgnoreCase(CONTENT_ENCODING)) {
        captured.header(header.getKey(), header.getValue());
      }
    }
    applicationCodings.ifPresent(codings -> codings.forEach(coding -> captured.header(CONTENT_ENCODING, coding)));
    if (overflowed) {
      captured.overflowed();
    } else {
      captured.body(body, size);
    }
    return captured.build();
  }
}
