package dev.surge.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the cache keeps its entries. The default, built by {@link HttpCache.Builder}, is an in-memory store
 * with second-chance (CLOCK) eviction, bounded by bytes and entries, with a freshness lifetime per entry, that is recycled whole after a number of
 * requests or an age.
 *
 * <p>Implementations are thread-safe. {@link #get} returns only entries that may still be served by the
 * entry's own lifetime, its stale windows included ({@link CachedResponse#remainingLifetimeAt}); whether a
 * stale one is served is the policy's decision. A store may drop any entry at any time (that only costs a
 * render).
 */
public interface ResponseStore {

  /**
   * The servable entry stored under exactly {@code key}; each call counts as one request a store may recycle
   * by.
   */
  Optional<CachedResponse> get(CacheKey key);

  /**
   * As {@link #get(CacheKey)}, for a request that arrived at {@code now} by the cache's clock: a store that
   * judges freshness or age by that clock may use {@code now} instead of reading it again. By default, {@link
   * #get(CacheKey)}.
   */
  default Optional<CachedResponse> get(CacheKey key, Instant now) {
    return get(key);
  }

  /** Stores {@code response} under {@code key}, replacing what was there. */
  void put(CacheKey key, CachedResponse response);

  /** Removes every variant of the resource {@code key} names (all keys with the same primary key). */
  int invalidateResource(CacheKey key);

  /** Removes every entry whose path starts with {@code pathPrefix}, on any host. */
  int invalidatePathPrefix(String pathPrefix);

  /**
   * Removes every entry whose key's path equals {@code path} and whose query equals {@code query} (empty: the
   * entries without a query), on any host and scheme, every method and variant; nothing else.
   */
  int invalidatePath(String path, String query);

  /** Removes every entry tagged {@code tag}. */
  int invalidateTag(String tag);

  /** Removes every entry. */
  void invalidateAll();

  /** Drops the whole current generation at once and starts an empty one. */
  void recycle();

  /**
   * Whether the store is at or near its bound, so that a new entry would displace entries in use. While it is,
   * the cache copies and stores a response only if its key was asked for more than once lately, so that pages
   * asked for once (crawlers, cache-busting query strings) cost no copy and push nothing out. Called on every
   * miss, so it must be cheap. By default false: every response that may be stored is offered.
   */
  default boolean isFull() {
    return false;
  }

  /**
   * The tier behind this store's memory that other processes share, if it has one: the step then asks it,
   * without blocking, for what {@link #get} does not find, and {@link #get} answers from memory only. By default
   * none.
   */
  default Optional<SharedTier> sharedTier() {
    return Optional.empty();
  }

  /** A snapshot of the store's size and removal counts. */
  Snapshot snapshot();

  /**
   * What this store is and how it is bounded, in a few words, for the line the cache logs when an adapter
   * puts it to work (e.g. {@code 64MB in memory, at most 10000 entries, recycled every ...}). By default the
   * class's simple name.
   */
  default String description() {
    return getClass().getSimpleName();
  }

  /**
   * A store's size and removal counters at one moment.
   *
   * @param entries entries held now
   * @param bytes estimated bytes held now
   * @param evictions entries removed to respect the byte or entry bound
   * @param expirations entries removed because they were no longer fresh
   * @param recycles generations dropped whole
   */
  record Snapshot(long entries, ByteSize bytes, long evictions, long expirations, long recycles) {}
}
