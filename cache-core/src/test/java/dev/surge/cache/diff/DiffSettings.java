package dev.surge.cache.diff;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The settings of a differential run: the seed ({@code -Dsurge.diff.seed}, printed by every run), the number
 * of cases ({@code -Dsurge.diff.cases}; a bounded number by default, so each adapter's run stays under a
 * minute, and {@code 100000} for the long mode), one case alone ({@code -Dsurge.diff.case}), and the cache
 * the Surge side serves from.
 */
public final class DiffSettings {

  /** The entry limit of the suite's cache, small so that bodies around it are cheap to generate. */
  public static final int MAXIMUM_ENTRY_BYTES = 48 * 1024;

  private DiffSettings() {}

  /** The seed of this run. */
  public static long seed() {
    return Long.getLong("surge.diff.seed", 20261207L);
  }

  /** How many cases to run; {@code defaultCases} unless {@code -Dsurge.diff.cases} says otherwise. */
  public static int cases(int defaultCases) {
    return Integer.getInteger("surge.diff.cases", defaultCases);
  }

  /** The one case to run ({@code -Dsurge.diff.case=N}, to reproduce a reported case), if one is named. */
  public static java.util.OptionalInt onlyCase() {
    Integer only = Integer.getInteger("surge.diff.case");
    return only == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(only);
  }

  /**
   * The cache the Surge side serves from, reading {@code clock}. Its generations last a week of that clock, so
   * that what a page meets once the suite has moved the clock on is decided by its freshness and the
   * revalidation window alone, not by the store dropping a generation every 10 minutes.
   */
  public static HttpCache.Builder cache(InstantSource clock) {
    return HttpCache.builder()
        .clock(clock)
        .recycleAfter(Duration.ofDays(7))
        .defaultTtl(Duration.ofSeconds(60))
        .maximumEntryBytes(ByteSize.ofBytes(MAXIMUM_ENTRY_BYTES))
        .maximumBytes(ByteSize.ofMegabytes(256))
        .coalescingTimeout(Duration.ofSeconds(5));
  }
}
