package dev.surge.cache;

/**
 * What {@link CachePolicy} decides for an incoming request. A sealed family, matched with {@code instanceof}.
 *
 * <ul>
 *   <li>{@link Hit}: answer with the given response; the application does not run.
 *   <li>{@link NotModified}: answer with the given 304; the application does not run.
 *   <li>{@link Stale}: the stored entry is stale but inside its {@code stale-while-revalidate} window: serve
 *       it, unless this request is the one to render a fresh copy under {@code key}.
 *   <li>{@link Revalidate}: the stored entry is stale (or must be validated before every use) and has its
 *       origin's validators: ask the application whether it changed, with the entry's {@link
 *       CachedResponse#conditionalFields()}, and serve it again on a {@code 304}.
 *   <li>{@link Miss}: the request may use the cache under {@code key}, but nothing fresh is stored: render,
 *       then offer the response for storage.
 *   <li>{@link Bypass}: leave the cache out of this request entirely.
 * </ul>
 */
public sealed interface RequestDecision {

  /** Serve {@code response} (already the view for this request: full or HEAD, with its {@code Age}). */
  record Hit(CachedResponse response) implements RequestDecision {}

  /** Serve {@code response}, a 304 derived from the stored entry. */
  record NotModified(CachedResponse response) implements RequestDecision {}

  /**
   * Serve {@code response} (the stale entry's view for this request, with its {@code Age}) while one request
   * renders a fresh copy to store under {@code key}.
   */
  record Stale(CacheKey key, CachedResponse response) implements RequestDecision {}

  /**
   * Pass the request to the application with {@code conditionalFields} in place of the client's own (the
   * entry's validators, or the client's own fields when they name the entry's); a {@code 304} that names
   * {@code entry} revalidates it (stored under {@code key}), anything else is a miss of it.
   */
  record Revalidate(CacheKey key, CachedResponse entry, ResponseHeaders conditionalFields)
      implements RequestDecision {}

  /** Render the response; it may be stored under {@code key}. */
  record Miss(CacheKey key) implements RequestDecision {}

  /** Render without the cache, for the given reason. */
  record Bypass(BypassReason reason) implements RequestDecision {}
}
