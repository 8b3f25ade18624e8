package dev.surge.cache.caffeine;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;
import java.time.InstantSource;

/** Caffeine's time source for a store: the store's clock, in nanoseconds. */
final class ClockTicker {

  private ClockTicker() {}

  /**
   * A ticker that moves with {@code clock}: the JVM's own nanosecond timer for the system clock (the same
   * pace, and cheaper to read than the wall clock), otherwise the clock's instant in nanoseconds since the epoch.
   */
  static Ticker of(InstantSource clock) {
    if (clock.equals(InstantSource.system())) {
      return Ticker.systemTicker();
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
