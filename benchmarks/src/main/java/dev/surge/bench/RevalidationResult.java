package dev.surge.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The surge demo's revalidation run: a wiki whose renderer answers conditional requests, behind Surge with a
 * TTL shorter than the run, so that entries go stale several times; counted after one TTL of unmeasured load.
 *
 * @param adapter the adapter serving the wiki
 * @param ttl how long a stored page stayed fresh
 * @param counted the time counted, after the unmeasured first TTL
 * @param requests requests answered in the counted time
 * @param errors failed requests or non-200 answers in the counted time
 * @param renders full renders of a page in the counted time
 * @param firstRenders those of them that rendered a page for the first time (a miss with or without
 *     revalidation)
 * @param notModifiedAnswers conditional requests the renderer answered with a 304 (no render) in the counted time
 * @param revalidated stale entries Surge served again after such a 304 ({@code CacheStats.revalidated()}) in the
 *     counted time
 */
record RevalidationResult(String adapter, Duration ttl, Duration counted, long requests, long errors, long renders,
    long firstRenders, long notModifiedAnswers, long revalidated) {

  /** The renders had every stale page been rendered again instead of revalidated: each 304 was one render saved. */
  long rendersWithoutRevalidation() {
    return renders + notModifiedAnswers;
  }

  /** Renders of pages rendered before: the ones that revalidation can save (those of pages that changed it cannot). */
  long renderedAgain() {
    return renders - firstRenders;
  }

  /** Renders of pages rendered before, had every stale page been rendered again instead of revalidated. */
  long renderedAgainWithoutRevalidation() {
    return renderedAgain() + notModifiedAnswers;
  }

  /** One line for the table: the counts as they are. */
  String row() {
    return String.format(Locale.ROOT, "%s + surge, revalidation: %,d requests, %,d errors, %,d renders (%,d of them"
        + " first renders of a page), %,d answered 304 by the application, %,d revalidated by the cache (TTL %s, %s"
        + " counted)", adapter, requests, errors, renders, firstRenders, notModifiedAnswers, revalidated, seconds(ttl),
        seconds(counted));
  }

  /** {@code 1 s}, {@code 0.5 s}. */
  static String seconds(Duration duration) {
    double seconds = duration.toMillis() / 1000.0;
    return String.format(Locale.ROOT, seconds == Math.rint(seconds) ? "%.0f s" : "%.1f s", seconds);
  }
}
