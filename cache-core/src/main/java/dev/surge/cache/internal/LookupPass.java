package dev.surge.cache.internal;

/**
 * How far one request's lookup has gone: whether it may still wait for a render of this process ({@code
 * mayWait}), whether the wait it ended with failed ({@code leaderFailed}), whether its render is counted only
 * once its handler is chosen ({@code deferred}), and whether the shared tier was asked for the key ({@code
 * fetched}) and the render claimed across the fleet ({@code claimed}), each at most once per request, and whether
 * the resource's {@code Vary} was learnt from the shared tier ({@code varyLearned}), after which it is asked once
 * more, under the variant key.
 */
record LookupPass(
    boolean mayWait, boolean leaderFailed, boolean deferred, boolean fetched, boolean claimed, boolean varyLearned) {

  /** A request's first lookup. */
  static LookupPass first(boolean deferred) {
    return new LookupPass(true, false, deferred, false, false, false);
  }

  /**
   * The lookup after waiting for this process's render of the key, which ended {@code end}: that render claimed
   * the key across the fleet already, but memory may not have kept what it stored or was given, so the shared
   * tier may be asked again, unless the render was only handed over to a new leader (it found nothing there).
   */
  LookupPass afterWait(LeaderEnd end) {
    boolean waitsAgain = end == LeaderEnd.PERSONAL || end == LeaderEnd.HANDED_OVER;
    return new LookupPass(waitsAgain, end == LeaderEnd.FAILED || end == LeaderEnd.RELEASED, deferred,
        end == LeaderEnd.HANDED_OVER, true, varyLearned);
  }

  /** The lookup after the shared tier was asked. */
  LookupPass afterFetch() {
    return new LookupPass(mayWait, leaderFailed, deferred, true, claimed, varyLearned);
  }

  /** The lookup after the shared tier told the resource's {@code Vary}: it asks once more, for the variant. */
  LookupPass afterVaryLearned() {
    return new LookupPass(mayWait, leaderFailed, deferred, false, claimed, true);
  }

  /** The lookup after a claim found the key rendered elsewhere: it neither waits nor claims again. */
  LookupPass afterClaim() {
    return new LookupPass(false, false, deferred, true, true, varyLearned);
  }

  /** The lookup after another render of the key stored it meanwhile: it does not wait again. */
  LookupPass withoutWaiting() {
    return new LookupPass(false, false, deferred, fetched, claimed, varyLearned);
  }
}
