package dev.surge.cache.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it, so that freshness tests never sleep. */
public final class MutableClock implements InstantSource {

  private final AtomicReference<Instant> now;

  /** A clock showing {@code start}. */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at a fixed, whole-second moment. */
  public static MutableClock standingStill() {
    return new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    now.updateAndGet(instant -> instant.plus(step));
  }
}
