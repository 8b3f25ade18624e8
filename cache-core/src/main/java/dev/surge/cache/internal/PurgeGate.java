package dev.surge.cache.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * Orders each store write against each purge, so that a purge acknowledged to its caller is never undone by a
 * render that was checked before the purge and written after it. A purge first records itself (the marking,
 * which renders check) with the gate closed, then removes entries; a store checks its render and writes it with
 * the gate open. A write therefore either finishes before the marking, and the removal that follows takes it
 * away, or starts after it, and its check refuses it. Stores run side by side; a marking waits for the stores
 * in progress and is short.
 */
final class PurgeGate {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Runs {@code marking} while no store is between its check and its write. */
  void mark(Runnable marking) {
    lock.writeLock().lock();
    try {
      marking.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs {@code write} if {@code check} holds, with no marking in between; whether it ran. */
  boolean writeIf(BooleanSupplier check, Runnable write) {
    lock.readLock().lock();
    try {
      if (!check.getAsBoolean()) {
        return false;
      }
      write.run();
      return true;
    } finally {
      lock.readLock().unlock();
    }
  }
}
