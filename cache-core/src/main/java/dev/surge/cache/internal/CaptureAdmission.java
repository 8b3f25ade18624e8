package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import dev.surge.cache.ResponseStore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which renders are worth a copy of their response: those of a key asked for at least {@code minimumUses}
 * times lately, and at least twice while the store is full, where a page asked for once would displace pages
 * in use (the admission filter of TinyLFU, reduced to one question). Hits count as uses now and then, so that
 * a page in use is stored again at once when it expires in a full store. Thread-safe.
 */
final class CaptureAdmission {

  /** About one hit in this many counts as a use of its key: enough to keep a page in use admitted. */
  private static final int HIT_SAMPLING = 16;

  private final UseCounter uses;
  private final int minimumUses;
  private final ResponseStore store;

  /** Admission to {@code store} after {@code minimumUses}, counted in a table sized for {@code storeBytes}. */
  CaptureAdmission(ResponseStore store, int minimumUses, long storeBytes) {
    this.uses = new UseCounter(storeBytes);
    this.minimumUses = minimumUses;
    this.store = store;
  }

  /** Counts a hit of {@code key}, now and then, as a use. */
  void hit(CacheKey key) {
    if (ThreadLocalRandom.current().nextInt(HIT_SAMPLING) == 0) {
      uses.record(key);
    }
  }

  /** Counts a render of {@code key} as a use; how many times it was asked for lately, this one included. */
  int asked(CacheKey key) {
    return uses.record(key);
  }

  /** Whether a key asked for {@code asked} times lately is not worth a copy of its response. */
  boolean tooRarely(int asked) {
    return asked < minimumUses || (asked < 2 && store.isFull());
  }
}
