package dev.surge.cache.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreOptions;
import dev.surge.cache.contract.ResponseStoreContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The store contract on the Caffeine store, and what it adds: batched lookup counting, the system clock, options. */
class CaffeineResponseStoreTest extends ResponseStoreContract {

  @Override
  protected ResponseStore newStore(StoreOptions options) {
    return CaffeineStores.from(options);
  }

  @Test
  void aLargeLookupLimitIsReachedWithinOneBatchOfLookupsOnOneThread() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 100_000);
    long lookups = 0;
    while (store.snapshot().recycles() == 0) {
      store.get(key("/a"));
      lookups++;
    }

    assertThat(lookups).isBetween(100_000L, 100_000L + 63);
  }

  @Test
  void aStoreOnTheSystemClockServesFreshEntriesAndDropsStaleOnes() {
    CaffeineResponseStore store = CaffeineResponseStore.builder().build();
    Instant now = Instant.now();
    store.put(key("/fresh"), CachedResponse.builder().storedAt(now).freshnessLifetime(Duration.ofMinutes(1)).build());
    store.put(key("/stale"), CachedResponse.builder().storedAt(now.minusSeconds(120)).freshnessLifetime(Duration.ofMinutes(1)).build());

    assertThat(store.get(key("/fresh"))).isPresent();
    assertThat(store.get(key("/stale"))).isEmpty();
  }

  @Test
  void everyOptionRejectsABadValueNamingIt() {
    CaffeineResponseStore.Builder builder = CaffeineResponseStore.builder();

    assertThatIllegalArgumentException().isThrownBy(() -> builder.maximumBytes(ByteSize.ofBytes(0)))
        .withMessage("maximumBytes must be positive, was 0B");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.maximumEntries(0))
        .withMessage("maximumEntries must be at least 1, was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.maximumTtl(Duration.ZERO))
        .withMessage("maximumTtl must be positive, was PT0S");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.recycleAfterRequests(-1))
        .withMessage("recycleAfterRequests must be at least 1, was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.recycleAfter(Duration.ofSeconds(-1)))
        .withMessage("recycleAfter must be positive, was PT-1S");
  }
}
