package dev.surge.cache.internal;

import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseHeaders;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views of stored entries the step answers with, each carrying its {@code Cache-Status} field when that
 * is enabled (the view is derived anew; the stored entry never changes), and stale answers counted by why they
 * were served. Thread-safe.
 */
final class StoredAnswers {

  static final String STALE_WHILE_REVALIDATE = "stale-while-revalidate";
  static final String STALE_IF_ERROR = "stale-if-error";
  /** Logs under the step's name: one logger setting covers everything the step does. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  private final StatsRecorder stats;
  private final CacheStatusField cacheStatus;

  StoredAnswers(StatsRecorder stats, CacheStatusField cacheStatus) {
    this.stats = stats;
    this.cacheStatus = cacheStatus;
  }

  /** {@code view} of the fresh {@code entry}, answered at {@code now}. */
  CachedResponse hit(CachedResponse view, CachedResponse entry, Instant now) {
    return withStatus(view, cacheStatus.hit(entry, now));
  }

  /** {@code view} of {@code entry}, which a 304 of the application revalidated at {@code now}. */
  CachedResponse revalidated(CachedResponse view, CachedResponse entry, Instant now) {
    return withStatus(view, cacheStatus.revalidated(entry, now));
  }

  /** Counts one stale answer and gives {@code view} of the stale {@code entry} with its {@code Cache-Status}. */
  CachedResponse stale(CachedResponse view, CachedResponse entry, Instant now, String why) {
    if (why.equals(STALE_WHILE_REVALIDATE)) {
      stats.staleWhileRevalidating();
    } else {
      stats.staleIfError();
    }
    LOG.debug("serving stale ({}) {}", why, entry);
    return withStatus(view, cacheStatus.staleHit(entry, now, why));
  }

  /**
   * Whether {@code status} is one RFC 5861 §4 counts as an error for {@code stale-if-error}. A switch, not a
   * set of boxed statuses: this runs after every render, when the render has pushed such data out of the CPU's
   * caches.
   */
  static boolean isError(int status) {
    return switch (status) {
      case 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  private static CachedResponse withStatus(CachedResponse response, ResponseHeaders statusField) {
    if (statusField.size() == 0) {
      return response;
    }
    ResponseHeaders.Field field = statusField.fields().get(0);
    return response.newBuilder().headers(response.headers().with(field.name(), field.value())).build();
  }
}
