package dev.surge.cache.vertx;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.List;

/**
 * A source that emits its chunks, one event-loop task after another, and then fails instead of ending, as a
 * file whose disk fails or an upstream response whose connection drops does. It honours pause and resume.
 * One made by {@link #ofBuffers} with {@code breaksOff} false ends normally instead.
 */
final class FailingSource implements ReadStream<Buffer> {

  private final Context context;
  private final List<Buffer> chunks;
  private final boolean breaksOff;
  private int emitted;
  private boolean paused = true;
  private boolean failed;
  private boolean scheduled;
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;

  FailingSource(Context context, List<String> chunks) {
    this(context, chunks.stream().map(Buffer::buffer).toArray(Buffer[]::new), true);
  }

  private FailingSource(Context context, Buffer[] chunks, boolean breaksOff) {
    this.context = context;
    this.chunks = List.of(chunks);
    this.breaksOff = breaksOff;
  }

  /** A source that emits a copy of each of {@code chunks} and then fails, or ends if not {@code breaksOff}. */
  static FailingSource ofBuffers(Context context, List<Buffer> chunks, boolean breaksOff) {
    return new FailingSource(context, chunks.toArray(Buffer[]::new), breaksOff);
  }

  private void scheduleNext() {
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(ignored -> {
        scheduled = false;
        emitNext();
      });
    }
  }

  private void emitNext() {
    if (paused || failed) {
      return;
    }
    if (emitted < chunks.size()) {
      Handler<Buffer> receiver = handler;
      if (receiver != null) {
        receiver.handle(chunks.get(emitted).copy());
      }
      emitted++;
      scheduleNext();
      return;
    }
    failed = true;
    if (!breaksOff) {
      Handler<Void> end = endHandler;
      if (end != null) {
        end.handle(null);
      }
      return;
    }
    Handler<Throwable> failure = exceptionHandler;
    if (failure != null) {
      failure.handle(new IOException("the source broke off after " + emitted + " chunks"));
    }
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    paused = false;
    scheduleNext();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    return resume();
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler; // called only if it does not break off
    return this;
  }
}
