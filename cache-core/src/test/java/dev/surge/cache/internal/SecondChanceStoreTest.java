package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreOptions;
import dev.surge.cache.contract.ResponseStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store contract on the default store, {@link SecondChanceStore}, and what it adds to it. */
class SecondChanceStoreTest extends ResponseStoreContract {

  @Override
  protected ResponseStore newStore(StoreOptions options) {
    return new SecondChanceStore(options.maximumBytes(), options.maximumEntries(), options.maximumTtl(),
        options.recycleAfterRequests(), options.recycleAfter(), options.clock());
  }

  private ResponseStore recycledAfterTenMinutes() {
    return newStore(new StoreOptions(ByteSize.ofMegabytes(1), 100, Duration.ofHours(1), 1_000,
        Duration.ofMinutes(10), clock));
  }

  @Test
  void recyclingAfterTheConfiguredAgeDropsTheGenerationExactlyWhenTheAgeIsReached() {
    ResponseStore store = recycledAfterTenMinutes();
    store.put(key("/a"), entry(10, Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(10).minusNanos(1));

    assertThat(store.get(key("/a"))).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
  }

  @Test
  void lookupAtAGivenTimeJudgesFreshnessAndRecyclingByThatTime() {
    ResponseStore store = recycledAfterTenMinutes();
    store.put(key("/a"), entry(10, Duration.ofSeconds(5)));

    assertThat(store.get(key("/a"), clock.instant().plusSeconds(4))).isPresent();
    assertThat(store.get(key("/a"), clock.instant().plusSeconds(5))).isEmpty();
    assertThat(store.snapshot().expirations()).isEqualTo(1);
    assertThat(store.snapshot().recycles()).isZero();
    store.get(key("/a"), clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(store.snapshot().recycles()).isEqualTo(1);
  }

  @Test
  void anEntryThatArrivedWithAnAgeIsGoneWhenItsRemainingLifetimeIsUsedUp() {
    ResponseStore store = recycledAfterTenMinutes();
    CachedResponse aged = CachedResponse.builder().body(new byte[10]).storedAt(clock.instant())
        .freshnessLifetime(Duration.ofSeconds(60)).initialAge(Duration.ofSeconds(50)).build();
    store.put(key("/a"), aged);

    assertThat(store.get(key("/a"), clock.instant().plusSeconds(9))).isPresent();
    assertThat(store.get(key("/a"), clock.instant().plusSeconds(10))).isEmpty();
  }

  @Test
  void isFullOnceItsEntriesWeighMoreThanSevenEighthsOfTheBoundAndNotAfterARecycle() {
    ResponseStore store = newStore(new StoreOptions(ByteSize.ofKilobytes(64), 1_000, Duration.ofHours(1),
        Long.MAX_VALUE, Duration.ofDays(1), clock));
    int page = 0;
    while (store.snapshot().bytes().bytes() <= 56 * 1024) {
      assertThat(store.isFull()).as("at %s", store.snapshot().bytes()).isFalse();
      store.put(key("/page-" + page++), entry(1_000, Duration.ofHours(1)));
    }

    assertThat(store.isFull()).isTrue();
    store.recycle();
    assertThat(store.isFull()).isFalse();
  }

  @Test
  void staysFullWhileEvictionKeepsItAtItsBound() {
    ResponseStore store = newStore(new StoreOptions(ByteSize.ofKilobytes(64), 1_000, Duration.ofHours(1),
        Long.MAX_VALUE, Duration.ofDays(1), clock));
    for (int page = 0; page < 500; page++) {
      store.put(key("/page-" + page), entry(1_000, Duration.ofHours(1)));
    }

    assertThat(store.snapshot().evictions()).isPositive();
    assertThat(store.isFull()).isTrue();
  }
}
