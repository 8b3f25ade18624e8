package dev.surge.cache.caffeine;

import dev.surge.cache.HttpCache;
import dev.surge.cache.StoreOptions;
import dev.surge.cache.contract.JdkHttpServerContractTest;

/** The whole adapter contract, over the JDK's HTTP server, with the Caffeine store behind the cache's options. */
class CaffeineStoreAdapterContractTest extends JdkHttpServerContractTest {

  @Override
  protected HttpCache build(HttpCache.Builder configured) {
    return configured.store(CaffeineStores.from(StoreOptions.of(configured))).build();
  }
}
