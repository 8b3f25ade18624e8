package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts invalidations so that a render which was already running when its resource was invalidated is not
 * stored afterwards: a render takes a {@link Mark} when it starts and may store only if no invalidation that
 * covers it happened since. Purges of a tag or of everything count for every resource. An invalidation of one
 * resource counts for that resource only: each of a fixed number of stripes remembers which resources its
 * last few invalidations named, so a render of another resource in the same stripe is told apart exactly. Only
 * when more invalidations hit one stripe during a single render than the stripe remembers does the render
 * count as invalidated without proof (memory stays fixed, whatever URLs are invalidated).
 *
 * <p>Thread-safe. The caller orders a check against the store writes it guards (see {@code PurgeGate}).
 */
final class InvalidationEpochs {

  private static final int STRIPES = 256;
  private static final int REMEMBERED_PER_STRIPE = 32;

  private final AtomicLong everything = new AtomicLong();
  private final Stripe[] stripes = new Stripe[STRIPES];

  InvalidationEpochs() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** The epochs a render of {@code primary} starts under. */
  record Mark(long everything, long resource) {}

  Mark mark(CacheKey primary) {
    return new Mark(everything.get(), stripeOf(primary).invalidations());
  }

  /** Whether nothing that covers {@code primary} was invalidated since {@code mark} was taken. */
  boolean unchangedSince(Mark mark, CacheKey primary) {
    return mark.everything() == everything.get() && stripeOf(primary).noneOfSince(primary.primary(), mark.resource());
  }

  void resourceInvalidated(CacheKey primary) {
    stripeOf(primary).invalidated(primary.primary());
  }

  void manyInvalidated() {
    everything.incrementAndGet();
  }

  private Stripe stripeOf(CacheKey primary) {
    return stripes[Math.floorMod(primary.primary().hashCode(), STRIPES)];
  }

  /** The invalidations of the resources that hash to one stripe: how many, and which the last ones named. */
  private static final class Stripe {
    private final CacheKey[] recent = new CacheKey[REMEMBERED_PER_STRIPE];
    private volatile long count;

    long invalidations() {
      return count;
    }

    synchronized void invalidated(CacheKey resource) {
      recent[(int) (count % REMEMBERED_PER_STRIPE)] = resource;
      count++;
    }

    /** Whether none of the invalidations numbered from {@code since} on named {@code resource}. */
    boolean noneOfSince(CacheKey resource, long since) {
      if (count == since) {
        return true; // the common case, without the lock
      }
      synchronized (this) {
        if (count - since > REMEMBERED_PER_STRIPE) {
          return false; // some of them are forgotten: one may have named this resource
        }
        for (long number = since; number < count; number++) {
          if (recent[(int) (number % REMEMBERED_PER_STRIPE)].equals(resource)) {
            return false;
          }
        }
        return true;
      }
    }
  }
}
