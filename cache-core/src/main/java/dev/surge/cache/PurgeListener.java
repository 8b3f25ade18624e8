package dev.surge.cache;

/**
 * Told of each purge requested through an {@link HttpCache}'s purge methods ({@code invalidate},
 * {@code invalidatePath}, {@code invalidatePathPrefix},
 * {@code invalidateTag}, {@code invalidateAll}), right after the cache applied it
 * to its own store, on the thread that requested it. This is the hook that fans purges out to other instances.
 *
 * <p>A listener is not told of purges applied with {@link HttpCache#applyPurge}, which is how purges received
 * from other instances are applied: a listener that publishes purges and applies what others publish never
 * hears its own echo. It is also told, as a {@link Purge.Resource}, of the target of each unsafe request
 * (POST, PUT, DELETE, ...) that completed with a status below 400 or failed (the change may have happened
 * before the failure), which invalidated that target here; it is not told of recycling. A listener should return quickly; an exception it throws is logged and does not undo
 * or fail the local purge.
 */
@FunctionalInterface
public interface PurgeListener {

  /** The listener that ignores every purge: the default. */
  PurgeListener NONE = purge -> {};

  /** Called after this cache applied {@code purge} on its own request. */
  void purged(Purge purge);

  /**
   * Where this listener sends purges, in a few words, for the line the cache logs when an adapter puts it to
   * work (e.g. {@code over Redis (channel surge:{surge}:db0:purges)}). By default the class's simple name.
   */
  default String description() {
    return getClass().getSimpleName();
  }
}
