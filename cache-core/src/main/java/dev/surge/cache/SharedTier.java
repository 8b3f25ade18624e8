package dev.surge.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A tier of entries behind a {@link ResponseStore}'s memory that other processes share (Surge's Redis tier), too
 * slow to ask on every lookup's thread: the request-stealing step asks it without blocking, after the store's
 * memory missed, and serves what it found (which the tier also offers to the store's memory).
 *
 * <p>What implementations guarantee: every stage they return completes, never exceptionally, within a bound of
 * their own ({@link #fetch}), or twice that bound plus the one given ({@link #claim}: the claim, the wait, a last
 * lookup); they may complete on any thread,
 * so the step does no more than a memory lookup on it. An entry they give was stored under exactly the key
 * asked for. Thread-safe.
 */
public interface SharedTier {

  /**
   * Looks {@code key} up in the shared tier, and offers what it finds to the store's memory; completes with what
   * it found. A slow, unreachable or refusing tier, and a value that is not an entry for {@code key}, is {@link
   * SharedLookup.Missing}; a resource stored there with a {@code Vary} that {@code key} does not select by may be
   * {@link SharedLookup.VariesBy}.
   */
  CompletionStage<SharedLookup> fetch(CacheKey key);

  /**
   * Fleet-wide collapsing: asked by the one request of this process about to render {@code key}, so that one
   * process in the fleet renders it while the others wait, at most {@code bound}, for its entry. Completes with
   * a {@link RenderClaim}: render under a claim the others wait for; or the entry another process rendered
   * meanwhile; or render without a claim. By default every render is alone.
   */
  default CompletionStage<RenderClaim> claim(CacheKey key, Duration bound) {
    return CompletableFuture.completedFuture(new RenderClaim.Alone());
  }

  /** Whether {@link #claim} may give anything but {@link RenderClaim.Alone}: only then is it asked. By default not. */
  default boolean claimsRenders() {
    return false;
  }
}
