package dev.surge.cache.caffeine;

import dev.surge.cache.StoreOptions;

/** Caffeine stores built from the store options the tests share with the default store. */
final class CaffeineStores {

  private CaffeineStores() {}

  /** A Caffeine store configured by {@code options}. */
  static CaffeineResponseStore from(StoreOptions options) {
    return CaffeineResponseStore.builder()
        .maximumBytes(options.maximumBytes())
        .maximumEntries(options.maximumEntries())
        .maximumTtl(options.maximumTtl())
        .recycleAfterRequests(options.recycleAfterRequests())
        .recycleAfter(options.recycleAfter())
        .clock(options.clock())
        .build();
  }
}
