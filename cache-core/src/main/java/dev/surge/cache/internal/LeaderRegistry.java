package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The renders that concurrent misses of the same key may wait for (request coalescing): at most one leader
 * per key, each waited for until its deadline, the coalescing timeout after it began leading. A leader leaves
 * the registry when it ends, however it ends; one that is never reported is released (its waiters told
 * {@link LeaderEnd#RELEASED}) once its deadline has passed and someone asks for it, or by an occasional sweep,
 * so no timer runs per render. Thread-safe.
 */
final class LeaderRegistry {

  /** About one new leader in this many also releases every expired leader. */
  private static final int SWEEP_EVERY = 1024;

  private final ConcurrentMap<CacheKey, Leader> renders = new ConcurrentHashMap<>();
  private final Duration timeout;

  /** A registry whose leaders are waited for at most {@code timeout}; zero turns coalescing off. */
  LeaderRegistry(Duration timeout) {
    this.timeout = timeout;
  }

  /** A running render of one key: completed with how it ended once it ends or is released. */
  record Leader(CompletableFuture<LeaderEnd> done, long deadlineNanos) {
    boolean expiredAt(long now) {
      return now - deadlineNanos >= 0;
    }
  }

  /** Whether requests wait for each other's renders at all. */
  boolean coalesces() {
    return !timeout.isZero();
  }

  /** A leader that begins at {@code now} (from {@link System#nanoTime}), not yet registered. */
  Leader newLeader(long now) {
    return new Leader(new CompletableFuture<>(), now + timeout.toNanos());
  }

  /**
   * Registers {@code mine} as the leader of {@code key} unless another leads it; returns that other leader,
   * or null when {@code mine} now leads (and will leave the registry when it ends).
   */
  Leader register(CacheKey key, Leader mine) {
    Leader other = renders.putIfAbsent(key, mine);
    if (other == null) {
      mine.done().whenComplete((end, error) -> renders.remove(key, mine));
    }
    return other;
  }

  /**
   * Hands the render {@code old} leads over to a new leader beginning at {@code now}, with a deadline of its own,
   * and ends {@code old} {@link LeaderEnd#HANDED_OVER}, so that its waiters wait again, behind the new one;
   * returns the new leader. When {@code old} no longer leads the key (it expired or ended), returns it as it is.
   */
  Leader handOver(CacheKey key, Leader old, long now) {
    Leader fresh = newLeader(now);
    if (!renders.replace(key, old, fresh)) {
      return old;
    }
    fresh.done().whenComplete((end, error) -> renders.remove(key, fresh));
    old.done().complete(LeaderEnd.HANDED_OVER);
    return fresh;
  }

  /**
   * The render of {@code key} others may wait for, if any. A leader past its deadline is released here
   * (its waiters look up again), rather than by a timer per render: scheduling one per miss would wake the
   * JDK's delay thread on every miss.
   */
  Leader live(CacheKey key, long now) {
    Leader leader = renders.get(key);
    if (leader == null) {
      return null;
    }
    if (leader.done().isDone()) { // ended; its waiters are still being woken before it leaves the map
      renders.remove(key, leader);
      return null;
    }
    if (leader.expiredAt(now)) {
      leader.done().complete(LeaderEnd.RELEASED); // removes it from the map
      return null;
    }
    return leader;
  }

  /**
   * Now and then (about one call in {@value #SWEEP_EVERY}) releases every leader past its deadline, so that
   * leaders nobody reports nor asks about again go away.
   */
  void releaseExpiredNowAndThen(long now) {
    if (ThreadLocalRandom.current().nextInt(SWEEP_EVERY) == 0) {
      for (Leader leader : renders.values()) {
        if (leader.expiredAt(now)) {
          leader.done().complete(LeaderEnd.RELEASED);
        }
      }
    }
  }

  /**
   * How {@code leader} ends, as seen by a waiter from {@code now}: {@link LeaderEnd#RELEASED} once its deadline
   * passes first. Completing it never completes the leader.
   */
  CompletableFuture<LeaderEnd> endOf(Leader leader, long now) {
    return leader
        .done()
        .copy()
        .completeOnTimeout(LeaderEnd.RELEASED, Math.max(0, leader.deadlineNanos() - now), TimeUnit.NANOSECONDS);
  }
}
