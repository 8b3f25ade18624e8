package dev.surge.cache.internal;

import java.time.Duration;

/**
 * Configuration values written the way a person writes them in a configuration file, so that what the cache
 * logs about its settings can be pasted back: durations as {@code 250ms}, {@code 30s}, {@code 10m}, {@code 1h}.
 */
public final class ConfigText {

  private ConfigText() {}

  /** {@code duration} in the largest of h, m, s and ms that states it exactly, e.g. {@code 90s}, {@code 10m}. */
  public static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
