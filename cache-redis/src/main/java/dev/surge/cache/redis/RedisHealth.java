package dev.surge.cache.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers, as the last command to finish saw it: logs one WARN when an outage starts and one
 * INFO when it ends, whatever the number of failed commands in between, and counts outages and failures.
 */
final class RedisHealth {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);

  private final AtomicBoolean down = new AtomicBoolean();
  private final LongAdder outages = new LongAdder();
  private final LongAdder failures = new LongAdder();

  /** A command failed because Redis could not be reached or refused it. */
  void failed(String doing, Throwable cause) {
    failures.increment();
    if (down.compareAndSet(false, true)) {
      outages.increment();
      LOG.warn("Redis is unavailable ({} failed: {}); Surge keeps serving from memory and applies purges locally"
          + " until it is back", doing, describe(cause));
    }
  }

  /** A command succeeded. */
  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      LOG.info("Redis is available again; purges fan out and the shared tier is used again");
    }
  }

  boolean available() {
    return !down.get();
  }

  long outages() {
    return outages.sum();
  }

  long failures() {
    return failures.sum();
  }

  /** The exception's class and message, without its chain; never a command's arguments. */
  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
