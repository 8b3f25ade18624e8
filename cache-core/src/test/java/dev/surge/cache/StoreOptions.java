package dev.surge.cache;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The options {@link HttpCache.Builder} gives its default store, as one value: what the store contract
 * builds each store under test from, and how a test puts another store behind a builder's options.
 *
 * @param maximumBytes the most bytes all entries may hold together
 * @param maximumEntries the most entries kept
 * @param maximumTtl the longest any entry stays fresh
 * @param recycleAfterRequests lookups after which the store is dropped whole
 * @param recycleAfter the age at which the store is dropped whole
 * @param clock the clock
 */
public record StoreOptions(
    ByteSize maximumBytes,
    long maximumEntries,
    Duration maximumTtl,
    long recycleAfterRequests,
    Duration recycleAfter,
    InstantSource clock) {

  /** The store options {@code builder} holds now. */
  public static StoreOptions of(HttpCache.Builder builder) {
    return new StoreOptions(builder.maximumBytes, builder.maximumEntries, builder.maximumTtl,
        builder.recycleAfterRequests, builder.recycleAfter, builder.clock);
  }
}
