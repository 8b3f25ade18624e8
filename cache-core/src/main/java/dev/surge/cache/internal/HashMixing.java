package dev.surge.cache.internal;

/** A bit mixer for hashes built from parts, so that parts which differ slightly still hash far apart. */
public final class HashMixing {

  private HashMixing() {}

  /** The finalizer of SplitMix64: a bijection in which every bit of {@code value} moves about half the result. */
  public static long mix(long value) {
    long z = value * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
