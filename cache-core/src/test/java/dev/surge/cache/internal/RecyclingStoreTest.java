package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.contract.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecyclingStoreTest {

  private final MutableClock clock = MutableClock.standingStill();

  private RecyclingStore store(ByteSize bytes, long entries, long recycleAfterRequests) {
    return new RecyclingStore(bytes, entries, Duration.ofHours(1), recycleAfterRequests, Duration.ofHours(1), clock);
  }

  private RecyclingStore recycledAfterTenMinutes() {
    return new RecyclingStore(ByteSize.ofMegabytes(1), 100, Duration.ofHours(1), 1_000, Duration.ofMinutes(10), clock);
  }

  private static CacheKey key(String path) {
    return new CacheKey("GET", "http", "example.com", path, "", Map.of());
  }

  private CachedResponse entry(int bodyBytes, Duration lifetime, String... tags) {
    return CachedResponse.builder()
        .body(new byte[bodyBytes])
        .storedAt(clock.instant())
        .freshnessLifetime(lifetime)
        .tags(Set.of(tags))
        .build();
  }

  @Test
  void storedEntryIsFoundUnderItsKeyOnly() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    CachedResponse entry = entry(10, Duration.ofMinutes(1));
    store.put(key("/a"), entry);

    assertThat(store.get(key("/a"))).containsSame(entry);
    assertThat(store.get(key("/b"))).isEmpty();
  }

  @Test
  void entryIsGoneOnceItsOwnLifetimeHasPassed() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    store.put(key("/short"), entry(10, Duration.ofSeconds(5)));
    store.put(key("/long"), entry(10, Duration.ofSeconds(50)));
    clock.advance(Duration.ofSeconds(5));

    assertThat(store.get(key("/short"))).isEmpty();
    assertThat(store.get(key("/long"))).isPresent();
    assertThat(store.snapshot().expirations()).isEqualTo(1);
  }

  @Test
  void totalBytesStayWithinTheBoundWhateverIsStored() {
    ByteSize bound = ByteSize.ofKilobytes(256);
    RecyclingStore store = store(bound, 10_000, 1_000_000);
    for (int i = 0; i < 5_000; i++) {
      store.put(key("/flood/" + i), entry(1024, Duration.ofMinutes(1)));
    }

    assertThat(store.snapshot().bytes().bytes()).isPositive().isLessThanOrEqualTo(bound.bytes());
    assertThat(store.snapshot().evictions()).isGreaterThan(4_000);
  }

  @Test
  void entryCountStaysWithinTheBoundForTinyEntries() {
    RecyclingStore store = store(ByteSize.ofMegabytes(64), 100, 1_000_000);
    for (int i = 0; i < 1_000; i++) {
      store.put(key("/tiny/" + i), entry(1, Duration.ofMinutes(1)));
    }

    assertThat(store.snapshot().entries()).isLessThanOrEqualTo(100);
  }

  @Test
  void leastRecentlyUsedEntriesLeaveFirst() {
    RecyclingStore store = store(ByteSize.ofKilobytes(64), 8, 1_000_000);
    store.put(key("/hot"), entry(100, Duration.ofMinutes(1)));
    for (int i = 0; i < 100; i++) {
      assertThat(store.get(key("/hot"))).isPresent();
      store.put(key("/cold/" + i), entry(100, Duration.ofMinutes(1)));
    }

    assertThat(store.get(key("/hot"))).isPresent();
    assertThat(store.get(key("/cold/0"))).isEmpty();
  }

  @Test
  void recyclingAfterTheConfiguredLookupsDropsTheGeneration() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 100, 3);
    store.put(key("/a"), entry(10, Duration.ofMinutes(1)));

    assertThat(store.get(key("/a"))).isPresent();
    assertThat(store.get(key("/a"))).isPresent();
    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
    assertThat(store.snapshot().entries()).isZero();
  }

  @Test
  void recyclingAfterTheConfiguredAgeDropsTheGenerationExactlyWhenTheAgeIsReached() {
    RecyclingStore store = recycledAfterTenMinutes();
    store.put(key("/a"), entry(10, Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(10).minusNanos(1));

    assertThat(store.get(key("/a"))).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
  }

  @Test
  void lookupAtAGivenTimeJudgesFreshnessAndRecyclingByThatTime() {
    RecyclingStore store = recycledAfterTenMinutes();
    store.put(key("/a"), entry(10, Duration.ofSeconds(5)));

    assertThat(store.get(key("/a"), clock.instant().plusSeconds(4))).isPresent();
    assertThat(store.get(key("/a"), clock.instant().plusSeconds(5))).isEmpty();
    assertThat(store.snapshot().expirations()).isEqualTo(1);
    assertThat(store.snapshot().recycles()).isZero();
    store.get(key("/a"), clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(store.snapshot().recycles()).isEqualTo(1);
  }

  @Test
  void invalidationByResourceRemovesEveryVariant() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    CacheKey english = new CacheKey("GET", "http", "example.com", "/v", "", Map.of("accept-language", "en"));
    CacheKey french = new CacheKey("GET", "http", "example.com", "/v", "", Map.of("accept-language", "fr"));
    store.put(english, entry(10, Duration.ofMinutes(1)));
    store.put(french, entry(10, Duration.ofMinutes(1)));
    store.put(key("/w"), entry(10, Duration.ofMinutes(1)));

    assertThat(store.invalidateResource(english.primary())).isEqualTo(2);
    assertThat(store.get(key("/w"))).isPresent();
  }

  @Test
  void invalidationByPrefixAndTagRemovesOnlyWhatMatches() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    store.put(key("/docs/a"), entry(10, Duration.ofMinutes(1), "red"));
    store.put(key("/docs/b"), entry(10, Duration.ofMinutes(1), "blue"));
    store.put(key("/other"), entry(10, Duration.ofMinutes(1), "red"));

    assertThat(store.invalidatePathPrefix("/docs/")).isEqualTo(2);
    assertThat(store.invalidateTag("red")).isEqualTo(1);
    assertThat(store.snapshot().entries()).isZero();
  }

  @Test
  void bytesGaugeFollowsPutsReplacementsAndRemovals() {
    RecyclingStore store = store(ByteSize.ofMegabytes(1), 10, 1000);
    store.put(key("/a"), entry(100, Duration.ofMinutes(1)));
    long one = store.snapshot().bytes().bytes();
    store.put(key("/a"), entry(100, Duration.ofMinutes(1)));

    assertThat(one).isPositive();
    assertThat(store.snapshot().bytes().bytes()).isEqualTo(one);
    store.invalidateAll();
    assertThat(store.snapshot().bytes().bytes()).isZero();
  }
}
