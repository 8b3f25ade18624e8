package dev.surge.cache.internal;

import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreOptions;
import dev.surge.cache.contract.ResponseStoreContract;

/** The store contract on {@link SecondChanceStore}. */
class SecondChanceStoreTest extends ResponseStoreContract {

  @Override
  protected ResponseStore newStore(StoreOptions options) {
    return new SecondChanceStore(options.maximumBytes(), options.maximumEntries(), options.maximumTtl(),
        options.recycleAfterRequests(), options.recycleAfter(), options.clock());
  }
}
