package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Roughly how often each key was asked for lately, in a fixed table of small counters: no key is retained,
 * and memory does not grow with the number of distinct keys. A key counts in {@value #HASHES} slots picked by
 * its hash and its count is the smallest of them (a count-min sketch), so a key that was never asked for
 * reads as asked for only when every one of its slots was taken by others. Counts are halved every {@link
 * #halvesEvery()} records, so that old demand fades and the table never fills up, however many distinct keys
 * stream through: under a stream of keys each asked for once, few read as asked for twice. Thread-safe; a lost
 * increment under a race only delays an admission.
 */
final class UseCounter {

  /** The fewest and most slots a table has: 4 KiB to 256 KiB. */
  private static final int MINIMUM_SLOT_BITS = 12;
  private static final int MAXIMUM_SLOT_BITS = 18;
  /** Bytes of store per slot: a 64 MiB store gets the largest table, whose window is 32,768 records. */
  private static final long STORE_BYTES_PER_SLOT = 256;
  private static final int HASHES = 3;
  private static final int MAXIMUM_COUNT = 15;
  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(byte[].class);

  private final int slotBits;
  private final byte[] counts;
  /** Records between halvings: an eighth of the slots, so that under a third are taken when they halve. */
  private final long halveEvery;
  private final AtomicLong recorded = new AtomicLong();

  /**
   * A table sized for a store of {@code storeBytes}: one slot per {@value #STORE_BYTES_PER_SLOT} bytes, between
   * 2^{@value #MINIMUM_SLOT_BITS} and 2^{@value #MAXIMUM_SLOT_BITS} slots of one byte, so that a key asked for
   * again within roughly the time the store keeps an entry still counts its first use.
   */
  UseCounter(long storeBytes) {
    int wanted = 64 - Long.numberOfLeadingZeros(Math.max(1, storeBytes / STORE_BYTES_PER_SLOT) - 1);
    this.slotBits = Math.max(MINIMUM_SLOT_BITS, Math.min(MAXIMUM_SLOT_BITS, wanted));
    this.counts = new byte[1 << slotBits];
    this.halveEvery = counts.length / 8;
  }

  /** How many records pass between two halvings of every count. */
  long halvesEvery() {
    return halveEvery;
  }

  /** Records one more use of {@code key}; returns its count including this one. */
  int record(CacheKey key) {
    long hash = hashOf(key);
    int least = least(hash);
    if (least < MAXIMUM_COUNT) {
      for (int i = 0; i < HASHES; i++) { // only the slots at the minimum: others already count more
        COUNT.compareAndSet(counts, slot(hash, i), (byte) least, (byte) (least + 1));
      }
    }
    if (recorded.incrementAndGet() % halveEvery == 0) {
      halve();
    }
    return Math.min(MAXIMUM_COUNT, least + 1);
  }

  private int least(long hash) {
    int least = MAXIMUM_COUNT;
    for (int i = 0; i < HASHES; i++) {
      least = Math.min(least, (byte) COUNT.getOpaque(counts, slot(hash, i)));
    }
    return least;
  }

  /**
   * Halves every count, with plain reads and writes (a loop the JIT compiles to vector instructions): an
   * increment racing with it may be lost, which only delays an admission.
   */
  private void halve() {
    byte[] table = counts;
    for (int slot = 0; slot < table.length; slot++) {
      table[slot] = (byte) (table[slot] >>> 1);
    }
  }

  /** The {@code i}th slot of a key: one of the disjoint runs of {@code slotBits} bits of its spread hash. */
  private int slot(long hash, int i) {
    return (int) (hash >>> (i * slotBits)) & (counts.length - 1);
  }

  /**
   * A 64-bit hash of {@code key}: its own hash, which already mixes every part of the key, spread over 64 bits
   * so that each of the {@value #HASHES} slots reads different bits.
   */
  private static long hashOf(CacheKey key) {
    return mix(key.hashCode());
  }

  /** The finalizer of SplitMix64: every bit of {@code value} moves about half of the result's bits. */
  private static long mix(long value) {
    long z = value * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
