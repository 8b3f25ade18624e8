package dev.surge.cache.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the responses the {@link LeakGuard} kept out of the store, naming the credential and the path, never
 * the value. A credential is logged at WARN the first time it leaks in each ten-minute window, for at most 16
 * credentials a window, and at DEBUG otherwise: a page that echoes a cookie on every render, or clients that
 * invent cookie names to provoke refusals, cannot flood the log, while a leak that goes on is reported again
 * every ten minutes. The refusals themselves are all counted in the cache's stats. Logged under {@code
 * dev.surge.cache.internal.LeakGuard}. Thread-safe.
 */
public final class LeakWarnings {

  /** How long a credential that was warned about is logged at DEBUG only. */
  static final Duration WINDOW = Duration.ofMinutes(10);
  /** The most credentials warned about in one window. */
  static final int CREDENTIALS_PER_WINDOW = 16;

  private static final Logger LOG = LoggerFactory.getLogger(LeakGuard.class);

  private final Set<LeakedCredential> warned = new HashSet<>();
  private Instant windowEnd = Instant.MIN;

  /** Logs that the response to {@code path}, rendered at {@code now}, was not stored because it holds {@code credential}. */
  public void report(LeakedCredential credential, String path, Instant now) {
    if (isFirstInWindow(credential, now)) {
      LOG.warn("leak guard: not storing {}: the body holds the value of {} sent with the request that rendered it;"
              + " mark such responses Cache-Control: private (further leaks of it are logged at DEBUG for {} minutes)",
          path, credential.describe(), WINDOW.toMinutes());
    } else {
      LOG.debug("leak guard: not storing {}: the body holds the value of {}", path, credential.describe());
    }
  }

  private synchronized boolean isFirstInWindow(LeakedCredential credential, Instant now) {
    if (!now.isBefore(windowEnd)) {
      warned.clear();
      windowEnd = now.plus(WINDOW);
    }
    return warned.size() < CREDENTIALS_PER_WINDOW && warned.add(credential);
  }
}
