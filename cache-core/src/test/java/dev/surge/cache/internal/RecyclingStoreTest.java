package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreOptions;
import dev.surge.cache.contract.ResponseStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store contract on the default store, and its least-recently-used eviction. */
class RecyclingStoreTest extends ResponseStoreContract {

  @Override
  protected ResponseStore newStore(StoreOptions options) {
    return new RecyclingStore(options.maximumBytes(), options.maximumEntries(), options.maximumTtl(),
        options.recycleAfterRequests(), options.recycleAfter(), options.clock());
  }

  @Test
  void leastRecentlyUsedEntriesLeaveFirst() {
    ResponseStore store = store(ByteSize.ofKilobytes(64), 8, 1_000_000);
    for (int i = 0; i < 100; i++) {
      store.put(key("/cold/" + i), entry(100, Duration.ofMinutes(1)));
    }

    assertThat(store.get(key("/cold/0"))).isEmpty();
    assertThat(store.get(key("/cold/99"))).isPresent();
  }
}
