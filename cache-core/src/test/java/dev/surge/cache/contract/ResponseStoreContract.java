package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every in-memory {@link ResponseStore} must show: fresh entries only, both bounds, recycling by
 * lookups and by age, every kind of purge, and the snapshot's counters. A store's test extends this class and
 * builds the store under test from the options it is given; every store reads {@link #clock}.
 */
public abstract class ResponseStoreContract {

  /** The clock every store in this suite reads. */
  protected final MutableClock clock = MutableClock.standingStill();

  /** A new, empty store configured by {@code options}. */
  protected abstract ResponseStore newStore(StoreOptions options);

  /** A store of {@code bytes} and {@code entries}, entries kept up to 1 h, recycled after {@code recycleAfterRequests} lookups or 1 h. */
  protected ResponseStore store(ByteSize bytes, long entries, long recycleAfterRequests) {
    return newStore(new StoreOptions(bytes, entries, Duration.ofHours(1), recycleAfterRequests, Duration.ofHours(1), clock));
  }

  /** A store keeping entries up to {@code maximumTtl}, recycled at {@code recycleAfter} (or 100,000 lookups). */
  private ResponseStore storeAging(Duration maximumTtl, Duration recycleAfter) {
    return newStore(new StoreOptions(ByteSize.ofMegabytes(1), 100, maximumTtl, 100_000, recycleAfter, clock));
  }

  /** A GET key for {@code path} on example.com. */
  protected static CacheKey key(String path) {
    return new CacheKey("GET", "http", "example.com", path, "", Map.of());
  }

  /** An entry stored now with a body of {@code bodyBytes}, fresh for {@code lifetime}. */
  protected CachedResponse entry(int bodyBytes, Duration lifetime, String... tags) {
    return CachedResponse.builder()
        .body(new byte[bodyBytes])
        .storedAt(clock.instant())
        .freshnessLifetime(lifetime)
        .tags(Set.of(tags))
        .build();
  }

  @Test
  void keysMadeToShareOneHashAreEachFoundUnderTheirOwnKey() {
    ResponseStore store = store(ByteSize.ofMegabytes(16), 2_048, 1_000_000);
    List<CacheKey> keys = CollidingKeys.of(10);
    Map<CacheKey, CachedResponse> entries = new HashMap<>();
    for (CacheKey key : keys) {
      CachedResponse entry = entry(10, Duration.ofMinutes(1));
      entries.put(key, entry);
      store.put(key, entry);
    }
    store.invalidateResource(keys.get(0));

    assertThat(keys).extracting(CacheKey::hashCode).containsOnly(keys.get(0).hashCode());
    assertThat(store.get(keys.get(0))).isEmpty();
    for (CacheKey key : keys.subList(1, keys.size())) {
      assertThat(store.get(key)).as(key.path()).containsSame(entries.get(key));
    }
  }

  @Test
  void storedEntryIsFoundUnderItsKeyOnly() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    CachedResponse entry = entry(10, Duration.ofMinutes(1));
    store.put(key("/a"), entry);

    assertThat(store.get(key("/a"))).containsSame(entry);
    assertThat(store.get(key("/b"))).isEmpty();
  }

  @Test
  void entryIsGoneOnceItsOwnLifetimeHasPassed() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    store.put(key("/short"), entry(10, Duration.ofSeconds(5)));
    store.put(key("/long"), entry(10, Duration.ofSeconds(50)));
    clock.advance(Duration.ofSeconds(5));

    assertThat(store.get(key("/short"))).isEmpty();
    assertThat(store.get(key("/long"))).isPresent();
    assertThat(store.snapshot().expirations()).isEqualTo(1);
  }

  @Test
  void entryIsGoneOnceTheMaximumTtlHasPassedWhateverItsOwnLifetime() {
    ResponseStore store = storeAging(Duration.ofHours(1), Duration.ofDays(2));
    store.put(key("/a"), entry(10, Duration.ofDays(1)));
    clock.advance(Duration.ofMinutes(59));
    assertThat(store.get(key("/a"))).isPresent();
    clock.advance(Duration.ofMinutes(1));

    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isZero();
  }

  @Test
  void totalBytesStayWithinTheBoundWhateverIsStored() {
    ByteSize bound = ByteSize.ofKilobytes(256);
    ResponseStore store = store(bound, 10_000, 1_000_000);
    for (int i = 0; i < 5_000; i++) {
      store.put(key("/flood/" + i), entry(1024, Duration.ofMinutes(1)));
    }

    assertThat(store.snapshot().bytes().bytes()).isPositive().isLessThanOrEqualTo(bound.bytes());
    assertThat(store.snapshot().evictions()).isGreaterThan(4_000);
  }

  @Test
  void entryCountStaysWithinTheBoundForTinyEntries() {
    ResponseStore store = store(ByteSize.ofMegabytes(64), 100, 1_000_000);
    for (int i = 0; i < 1_000; i++) {
      store.put(key("/tiny/" + i), entry(1, Duration.ofMinutes(1)));
    }

    assertThat(store.snapshot().entries()).isPositive().isLessThanOrEqualTo(100);
  }

  @Test
  void anEntryInUseSurvivesAFloodOfEntriesUsedOnce() {
    ResponseStore store = store(ByteSize.ofKilobytes(64), 8, 1_000_000);
    store.put(key("/hot"), entry(100, Duration.ofMinutes(1)));
    for (int i = 0; i < 100; i++) {
      assertThat(store.get(key("/hot"))).isPresent();
      store.put(key("/cold/" + i), entry(100, Duration.ofMinutes(1)));
    }

    assertThat(store.get(key("/hot"))).isPresent();
    assertThat(store.snapshot().entries()).isLessThanOrEqualTo(8);
  }

  @Test
  void recyclingAfterTheConfiguredLookupsDropsTheGeneration() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 3);
    store.put(key("/a"), entry(10, Duration.ofMinutes(1)));

    assertThat(store.get(key("/a"))).isPresent();
    assertThat(store.get(key("/a"))).isPresent();
    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
    assertThat(store.snapshot().entries()).isZero();
  }

  @Test
  void recyclingAfterTheConfiguredAgeDropsTheGenerationWhateverTheLookupCount() {
    ResponseStore store = storeAging(Duration.ofHours(1), Duration.ofMinutes(10));
    store.put(key("/a"), entry(10, Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(9));
    assertThat(store.get(key("/a"))).isPresent();
    clock.advance(Duration.ofMinutes(1));

    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
    assertThat(store.snapshot().expirations()).as("dropped by recycling, not expired").isZero();
  }

  @Test
  void recyclingOnRequestDropsTheGenerationAndTheNextOneStores() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    store.put(key("/a"), entry(10, Duration.ofMinutes(1)));
    store.recycle();
    store.put(key("/b"), entry(10, Duration.ofMinutes(1)));

    assertThat(store.get(key("/a"))).isEmpty();
    assertThat(store.get(key("/b"))).isPresent();
    assertThat(store.snapshot().recycles()).isEqualTo(1);
  }

  @Test
  void invalidationByResourceRemovesEveryVariant() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    CacheKey english = new CacheKey("GET", "http", "example.com", "/v", "", Map.of("accept-language", "en"));
    CacheKey french = new CacheKey("GET", "http", "example.com", "/v", "", Map.of("accept-language", "fr"));
    store.put(english, entry(10, Duration.ofMinutes(1)));
    store.put(french, entry(10, Duration.ofMinutes(1)));
    store.put(key("/w"), entry(10, Duration.ofMinutes(1)));

    assertThat(store.invalidateResource(english.primary())).isEqualTo(2);
    assertThat(store.get(english)).isEmpty();
    assertThat(store.get(key("/w"))).isPresent();
  }

  @Test
  void invalidationByPrefixAndTagRemovesOnlyWhatMatches() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    store.put(key("/docs/a"), entry(10, Duration.ofMinutes(1), "red"));
    store.put(key("/docs/b"), entry(10, Duration.ofMinutes(1), "blue"));
    store.put(key("/other"), entry(10, Duration.ofMinutes(1), "red"));

    assertThat(store.invalidatePathPrefix("/docs/")).isEqualTo(2);
    assertThat(store.invalidateTag("red")).isEqualTo(1);
    assertThat(store.snapshot().entries()).isZero();
  }

  @Test
  void invalidationByPathRemovesThatPathAndQueryOnEveryHostAndSchemeAndNothingElse() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 100, 1000);
    CacheKey here = key("/a");
    CacheKey there = new CacheKey("GET", "https", "other.example:8443", "/a", "", Map.of());
    CacheKey variant = new CacheKey("GET", "http", "example.com", "/a", "", Map.of("accept-language", "fr"));
    CacheKey withQuery = new CacheKey("GET", "http", "example.com", "/a", "x=1", Map.of());
    for (CacheKey key : List.of(here, there, variant, withQuery, key("/a/b"), key("/ab"), key("/"))) {
      store.put(key, entry(10, Duration.ofMinutes(1)));
    }

    assertThat(store.invalidatePath("/a", "")).isEqualTo(3);
    assertThat(store.get(here)).isEmpty();
    assertThat(store.get(there)).isEmpty();
    assertThat(store.get(variant)).isEmpty();
    assertThat(store.snapshot().entries()).isEqualTo(4);
    assertThat(store.invalidatePath("/a", "x=1")).isEqualTo(1);
    assertThat(store.get(key("/a/b"))).isPresent();
    assertThat(store.get(key("/ab"))).isPresent();
  }

  /**
   * Page {@code n} of a news site as the cache stores it: a 2 KB body with the fields such a page carries. Every
   * page is charged the same: its fields and key have the same lengths.
   */
  private CachedResponse newsPage(int n) {
    byte[] body = new byte[2048];
    Arrays.fill(body, (byte) 'x');
    byte[] number = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(number, 0, body, 0, number.length);
    return CachedResponse.builder()
        .headers(ResponseHeaders.builder()
            .add("Content-Type", "text/html;charset=utf-8")
            .add("Cache-Control", "public, max-age=3600")
            .add("Date", "Tue, 08 Dec 2026 01:58:10 GMT")
            .add("ETag", String.format(Locale.ROOT, "\"%016x\"", n * 0x9E3779B97F4A7C15L))
            .add("Last-Modified", "Mon, 07 Dec 2026 12:00:00 GMT")
            .add("Vary", "Accept-Encoding")
            .build())
        .body(body)
        .storedAt(clock.instant())
        .freshnessLifetime(Duration.ofHours(1))
        .build();
  }

  /** The key of {@link #newsPage} {@code n}: a URL of 58 characters and the {@code Accept-Encoding} it varies on. */
  private static CacheKey newsKey(int n) {
    return new CacheKey("GET", "https", "news.example.com", String.format(Locale.ROOT, "/articles/2026/topic-%06d", n),
        "lang=en", Map.of("accept-encoding", "gzip, deflate, br, zstd"));
  }

  @Test
  void aBoundOfAHundredThousandPagesChargesHoldsAHundredThousandPagesAndEvictsForOneMore() {
    ResponseStore scratch = store(ByteSize.ofMegabytes(1), 10, 1_000);
    scratch.put(newsKey(0), newsPage(0));
    long charge = scratch.snapshot().bytes().bytes();
    long bound = 100_000 * charge;
    ResponseStore store = newStore(new StoreOptions(ByteSize.ofBytes(bound), 100_000, Duration.ofHours(1),
        Long.MAX_VALUE, Duration.ofDays(1), clock));
    for (int n = 0; n < 100_000; n++) {
      store.put(newsKey(n), newsPage(n));
    }

    assertThat(charge).as("what a 2 KB page is charged, its key and the store's node included")
        .isGreaterThan(2048 + 1024);
    assertThat(store.snapshot().entries()).isEqualTo(100_000);
    assertThat(store.snapshot().evictions()).isZero();
    assertThat(store.snapshot().bytes().bytes()).isLessThanOrEqualTo(bound);
    store.put(newsKey(100_000), newsPage(100_000));
    assertThat(store.snapshot().evictions()).isEqualTo(1);
    assertThat(store.snapshot().entries()).isEqualTo(100_000);
    assertThat(store.snapshot().bytes().bytes()).isLessThanOrEqualTo(bound);
  }

  @Test
  void bytesGaugeFollowsPutsReplacementsAndRemovals() {
    ResponseStore store = store(ByteSize.ofMegabytes(1), 10, 1000);
    store.put(key("/a"), entry(100, Duration.ofMinutes(1)));
    long one = store.snapshot().bytes().bytes();
    store.put(key("/a"), entry(100, Duration.ofMinutes(1)));

    assertThat(one).isPositive();
    assertThat(store.snapshot().bytes().bytes()).isEqualTo(one);
    store.invalidateAll();
    assertThat(store.snapshot().bytes().bytes()).isZero();
    assertThat(store.snapshot().entries()).isZero();
  }
}
