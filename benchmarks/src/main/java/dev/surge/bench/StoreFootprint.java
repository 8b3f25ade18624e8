package dev.surge.bench;

import dev.surge.cache.ByteSize;
import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * What a stored page costs per entry: a cache with the default store is filled through its {@link PipelineStep},
 * as an adapter fills it, with {@code pages} distinct {@link SmallPages} of one body length, each asked for once
 * more afterwards (a hit keeps the view it served for the hits of the same second); then the heap the store and
 * the whole cache retain beyond their empty selves, as JOL measures it over the running JVM's layout, is divided
 * by the pages, beside what the store charges per entry against its byte bound ({@code stats().bytes()}).
 *
 * @param bodyBytes the identity body's length
 * @param pages the entries held
 * @param compression whether the default compression was on (each entry then holds its coded variants too)
 * @param charged {@code stats().bytes()}: what the entries are charged against the store's byte bound
 * @param storeRetained the heap the store retains beyond its empty self: responses, variants, keys, map nodes
 * @param cacheRetained the heap the whole cache retains beyond its empty self: the store and, for instance, the
 *     index of the fields each resource varies on, which has a bound of its own
 */
record StoreFootprint(int bodyBytes, int pages, boolean compression, long charged, long storeRetained,
    long cacheRetained) {

  /** Fills a fresh cache with {@code pages} pages of {@code bodyBytes} bytes and measures it. */
  static StoreFootprint measure(int bodyBytes, int pages, boolean compression) {
    Instant now = Instant.now();
    // a bound no page reaches: every page is stored, and the entry bound (a weight of 1 KB each) adds nothing
    long bound = pages * (4L * bodyBytes + 16 * 1024);
    HttpCache.Builder settings = HttpCache.builder()
        .maximumBytes(ByteSize.ofBytes(bound))
        .maximumEntries(bound / 1024)
        .recycleAfterRequests(Long.MAX_VALUE)
        .recycleAfter(Duration.ofDays(1))
        .compression(compression ? Compression.defaults() : Compression.off());
    ResponseStore store = settings.defaultStore();
    HttpCache cache = settings.store(store).build();
    long emptyStore = retained(store);
    long emptyCache = retained(cache);
    SmallPages site = new SmallPages(bodyBytes, now);
    PipelineStep step = cache.step();
    for (int n = 0; n < pages; n++) {
      PipelineStep.Outcome miss = step.before(site.request(n));
      if (!(miss instanceof PipelineStep.Proceed proceed)) {
        throw new IllegalStateException("page " + n + " was not a miss: " + miss);
      }
      step.completed(proceed.exchange(), site.response(n));
    }
    for (int n = 0; n < pages; n++) {
      if (!(step.before(site.request(n)) instanceof PipelineStep.Answer)) {
        throw new IllegalStateException("page " + n + " was not stored");
      }
    }
    if (cache.stats().entries() != pages || cache.stats().evictions() != 0) {
      throw new IllegalStateException("the store holds " + cache.stats() + ", not the " + pages + " pages put");
    }
    return new StoreFootprint(bodyBytes, pages, compression, cache.stats().bytes().bytes(),
        retained(store) - emptyStore, retained(cache) - emptyCache);
  }

  /** The table's heading, for {@link #line()}. */
  static String heading() {
    return String.format(Locale.ROOT, "%9s %8s %-11s %9s %9s %9s %9s %9s", "body B", "pages", "compression",
        "charged", "retained", "overhead", "cache", "margin");
  }

  /**
   * One line: the body, the pages, the compression, then per entry what the store charges, what it retains, the
   * retained heap beyond the body, what the whole cache retains, and the charge minus the cache's retained heap.
   */
  String line() {
    long chargedPerEntry = charged / pages;
    long storePerEntry = storeRetained / pages;
    long cachePerEntry = cacheRetained / pages;
    return String.format(Locale.ROOT, "%,9d %,8d %-11s %,9d %,9d %,9d %,9d %+,9d", bodyBytes, pages,
        compression ? "defaults" : "off", chargedPerEntry, storePerEntry, storePerEntry - bodyBytes, cachePerEntry,
        chargedPerEntry - cachePerEntry);
  }

  /** The bytes reachable from {@code root}, measured by JOL over the running JVM's layout. */
  private static long retained(Object root) {
    // Records' fields have no Unsafe offset on Java 17; JOL then finds offsets its own way.
    System.setProperty("jol.magicFieldOffset", "true");
    System.setProperty("jol.skipHotspotSAAttach", "true");
    return GraphLayout.parseInstance(root).totalSize();
  }
}
