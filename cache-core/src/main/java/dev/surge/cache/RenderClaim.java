package dev.surge.cache;

import java.util.Objects;

/**
 * What {@link SharedTier#claim} gives a request about to render a key: a sealed family, matched with {@code
 * instanceof}.
 *
 * <ul>
 *   <li>{@link Granted}: this process renders the key while the rest of the fleet waits for it; run {@link
 *       Granted#release()} once the render has ended, after its response was stored (if it was), so that the
 *       others look again at once.
 *   <li>{@link RenderedElsewhere}: another process rendered the key while this one waited: its entry, offered to
 *       the store's memory too.
 *   <li>{@link Alone}: render without a claim (collapsing is off, another process's render failed or outlasted
 *       the wait, or the shared tier could not be asked).
 * </ul>
 */
public sealed interface RenderClaim {

  /** Render; {@code release} ends the claim and wakes the processes waiting for it (idempotent). */
  record Granted(Runnable release) implements RenderClaim {}

  /** Another process's entry for the key: serve it instead of rendering. */
  record RenderedElsewhere(CachedResponse entry) implements RenderClaim {
    public RenderedElsewhere {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** Render without a claim. */
  record Alone() implements RenderClaim {}
}
