package dev.surge.cache.redis;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers, as the last command to finish saw it: logs one WARN when an outage starts and one
 * INFO when it ends, whatever the number of failed commands in between, and counts outages and failures. A
 * command Redis answered with an error (a full Redis refusing writes with OOM, a script error) is no outage:
 * it is counted as a command error and logged at WARN at most once a minute. Until the first connection is up,
 * Redis counts as unavailable; a failed connection attempt starts an outage like a failed command does.
 */
final class RedisHealth {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);
  private static final long COMMAND_ERROR_WARNING_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean connectedOnce = new AtomicBoolean();
  private final LongAdder outages = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder commandErrors = new LongAdder();
  private final AtomicLong lastCommandErrorWarning = new AtomicLong(System.nanoTime() - COMMAND_ERROR_WARNING_NANOS);
  private final AtomicLong commandErrorsNotLogged = new AtomicLong();

  /**
   * A command failed: an outage when Redis could not be reached or did not answer in time, a command error
   * when it answered with an error.
   */
  void failed(String doing, Throwable cause) {
    if (answeredWithAnError(cause)) {
      commandErrors.increment();
      warnAtMostOnceAMinute(doing, cause);
      return;
    }
    failures.increment();
    if (causedBy(cause, NotConnectedException.class)) {
      return; // not sent at all: the connection attempts report the outage
    }
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

  /** The first connection is up (Redis answered and the purge channel is subscribed). */
  void connected() {
    connectedOnce.set(true);
    succeeded();
  }

  boolean available() {
    return connectedOnce.get() && !down.get();
  }

  long outages() {
    return outages.sum();
  }

  long failures() {
    return failures.sum();
  }

  long commandErrors() {
    return commandErrors.sum();
  }

  private static boolean answeredWithAnError(Throwable cause) {
    return causedBy(cause, RedisCommandExecutionException.class);
  }

  private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
    for (Throwable link = cause; link != null; link = link.getCause() == link ? null : link.getCause()) {
      if (type.isInstance(link)) {
        return true;
      }
    }
    return false;
  }

  private void warnAtMostOnceAMinute(String doing, Throwable cause) {
    long now = System.nanoTime();
    long last = lastCommandErrorWarning.get();
    if (now - last < COMMAND_ERROR_WARNING_NANOS || !lastCommandErrorWarning.compareAndSet(last, now)) {
      commandErrorsNotLogged.incrementAndGet();
      return;
    }
    long since = commandErrorsNotLogged.getAndSet(0);
    LOG.warn("Redis refused a command ({} failed: {}){}; Surge serves from memory for what Redis refuses", doing,
        describe(cause), since == 0 ? "" : " and " + since + " more in the last minute");
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
