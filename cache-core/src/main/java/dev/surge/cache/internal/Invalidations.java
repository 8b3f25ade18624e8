package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import dev.surge.cache.Purge;
import dev.surge.cache.PurgeListener;
import dev.surge.cache.ResponseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges and recycling of the store, and the guard that keeps renders from undoing them: a render that was
 * running when its resource was invalidated is not stored, and a purge that has returned is never undone by a
 * render being stored at the same time (see {@code InvalidationEpochs} and {@code PurgeGate}). Each purge
 * counts the entries it removed; thread-safe. Public only for the cache's facade, {@code HttpCache}.
 */
public final class Invalidations {

  /** Logs under the step's name: one logger setting covers everything the step does. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  private final ResponseStore store;
  private final StatsRecorder stats;
  private final VaryIndex varyIndex;
  private final PurgeListener purgeListener;
  private final InvalidationEpochs epochs = new InvalidationEpochs();
  private final PurgeGate gate = new PurgeGate();

  Invalidations(ResponseStore store, StatsRecorder stats, VaryIndex varyIndex, PurgeListener purgeListener) {
    this.store = store;
    this.stats = stats;
    this.varyIndex = varyIndex;
    this.purgeListener = purgeListener;
  }

  /** What a render of {@code primary} starting now must still see to be stored. */
  InvalidationEpochs.Mark mark(CacheKey primary) {
    return epochs.mark(primary);
  }

  /** Whether nothing that covers {@code primary} was invalidated since {@code mark} was taken. */
  boolean unchangedSince(InvalidationEpochs.Mark mark, CacheKey primary) {
    return epochs.unchangedSince(mark, primary);
  }

  /**
   * Runs {@code write} if nothing that covers {@code primary} was invalidated since {@code mark}, with no purge
   * marking in between; whether it ran.
   */
  boolean writeIfUnchangedSince(InvalidationEpochs.Mark mark, CacheKey primary, Runnable write) {
    return gate.writeIf(() -> epochs.unchangedSince(mark, primary), write);
  }

  /** Removes every stored variant of the resource {@code key} names; renders running now are not stored. */
  public int invalidateResource(CacheKey key) {
    gate.mark(() -> epochs.resourceInvalidated(key));
    return counted(store.invalidateResource(key.primary()));
  }

  /** Removes every entry under {@code pathPrefix}; renders running now are not stored. */
  public int invalidatePathPrefix(String pathPrefix) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidatePathPrefix(pathPrefix));
  }

  /** Removes every entry of exactly {@code path} and {@code query} on any host; renders running now are not stored. */
  public int invalidatePath(String path, String query) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidatePath(path, query));
  }

  /** Removes every entry tagged {@code tag}; renders running now are not stored. */
  public int invalidateTag(String tag) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidateTag(tag));
  }

  /** Removes every entry and every {@code Vary} rule; renders running now are not stored. */
  public int invalidateAll() {
    gate.mark(epochs::manyInvalidated);
    long entries = store.snapshot().entries();
    store.invalidateAll();
    varyIndex.clear();
    return counted(entries);
  }

  /** Drops the store's current generation and every {@code Vary} rule at once. */
  public void recycle() {
    epochs.manyInvalidated();
    store.recycle();
    varyIndex.clear();
  }

  /**
   * Invalidates the resource {@code resource} names after a successful unsafe request, and tells the purge listener
   * (whose failure is logged, not thrown: the invalidation was applied here).
   */
  void invalidateAfterUnsafeRequest(CacheKey resource) {
    int removed = invalidateResource(resource);
    LOG.debug("invalidated {} entries of {} after a successful unsafe request", removed, resource);
    Purge purge = new Purge.Resource(resource);
    try {
      purgeListener.purged(purge);
    } catch (RuntimeException failure) {
      LOG.warn("the purge listener failed on {}; the invalidation was applied to this cache", purge, failure);
    }
  }

  private int counted(long removed) {
    stats.invalidated(removed);
    return (int) removed;
  }
}
