package dev.surge.cache.vertx;

import java.util.function.Predicate;

/**
 * Tells a response ended by a Vert.x pipe that failed from one ended any other way. When the source of a pipe
 * fails (or a write to the response does), Vert.x's pipe ends the response just as it does when the source
 * ends, with no argument and nothing else to tell them apart: only the pipe's own method on the call stack
 * does. That covers {@code send(ReadStream)}, {@code pipeTo(response)} and {@code pipe().to(response)} with
 * the pipe's default {@code endOnFailure(true)}, which all end the response through {@code
 * io.vertx.core.streams.impl.PipeImpl#handleFailure} (Vert.x 5.0 and 5.1; pinned by the adapter's tests).
 */
final class PipeFailures {

  private static final StackWalker STACK = StackWalker.getInstance();
  private static final Predicate<StackWalker.StackFrame> FAILED_PIPE = frame ->
      frame.getMethodName().equals("handleFailure")
          && frame.getClassName().equals("io.vertx.core.streams.impl.PipeImpl");
  /**
   * How many frames, from the caller's, are looked at: the pipe calls the response directly, but a decorator
   * or two of the application's may stand between.
   */
  private static final int FRAMES_LOOKED_AT = 8;

  private PipeFailures() {}

  /** Whether the running call was made by a Vert.x pipe that is ending its destination because it failed. */
  static boolean endingTheResponse() {
    return STACK.walk(frames -> frames.limit(FRAMES_LOOKED_AT).anyMatch(FAILED_PIPE));
  }
}
