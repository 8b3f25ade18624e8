package dev.surge.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An upstream answer read by a thread that may block (a servlet's), not by the event loop: the body is
 * fetched from the upstream one buffer at a time, only as fast as the reader writes it on, so a slow client
 * slows the upstream down instead of filling memory.
 */
final class BlockingAnswer {

  private static final Object END = new Object();

  private final HttpClientResponse answer;
  private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();

  /** Takes {@code answer}'s body over; to be called as the answer is handed on, before any of its body arrived. */
  BlockingAnswer(HttpClientResponse answer) {
    this.answer = answer;
    answer.pause();
    answer.handler(arrivals::add);
    answer.exceptionHandler(arrivals::add);
    answer.endHandler(ended -> arrivals.add(END));
  }

  int status() {
    return answer.statusCode();
  }

  MultiMap fields() {
    return answer.headers();
  }

  /**
   * Writes the body to {@code out} as it arrives; fails if the upstream fails mid-body or {@code out} does,
   * and then drops the upstream connection, which a half-read answer leaves unusable.
   */
  void copyBodyTo(OutputStream out) throws IOException {
    try {
      for (Object next = fetchNext(); next != END; next = fetchNext()) {
        if (next instanceof Throwable failure) {
          throw new IOException("the upstream failed mid-answer", failure);
        }
        out.write(((Buffer) next).getBytes());
      }
    } catch (IOException | RuntimeException failure) {
      answer.request().reset();
      throw failure;
    }
  }

  private Object fetchNext() throws InterruptedIOException {
    answer.fetch(1);
    try {
      return arrivals.take();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the upstream's answer");
    }
  }
}
