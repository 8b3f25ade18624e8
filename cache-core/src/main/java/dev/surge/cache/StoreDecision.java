package dev.surge.cache;

/**
 * What {@link CachePolicy} decides for a finished response: a sealed family, matched with {@code instanceof}.
 */
public sealed interface StoreDecision {

  /** Store {@code entry}, the frozen response with its freshness lifetime. */
  record Store(CachedResponse entry) implements StoreDecision {}

  /** Do not store, for the given reason. */
  record Reject(RejectReason reason) implements StoreDecision {}
}
