package dev.surge.bench;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/**
 * The surge demo's revalidation run on one adapter: a {@link VersionedWiki} behind Surge, whose pages stay fresh
 * for a TTL shorter than the run; the first TTL of load stores the pages unmeasured, then renders, the
 * renderer's 304s and the cache's revalidations are counted.
 */
final class RevalidationDemo {

  private RevalidationDemo() {}

  /** Serves {@code pages} versioned pages with {@code adapter} and loads them for one {@code ttl} plus {@code counted}. */
  static RevalidationResult run(LoadGenerator load, String adapter, int pages, double zipf, int connections,
      Duration ttl, Duration counted) throws Exception {
    VersionedWiki site = new VersionedWiki(new WikiSite(pages, 7), InstantSource.system());
    HttpCache cache = SurgeDemo.demoCache(pages, ttl);
    try (DemoServer server = SurgeDemo.server(adapter, site, Optional.of(cache))) {
      URI base = server.start(0);
      Counted progress = new Counted(site, cache, adapter + " + surge, revalidation");
      LoadGenerator.Result result = load.run(base, pages, zipf, connections, ttl, counted, progress);
      CacheStats after = cache.stats();
      return new RevalidationResult(adapter, ttl, result.elapsed(), result.requests(), result.errors(),
          site.renders() - progress.rendersBefore, site.pagesRendered() - progress.pagesRenderedBefore,
          site.notModifiedAnswers() - progress.notModifiedBefore,
          after.revalidated() - progress.statsBefore.revalidated());
    }
  }

  /** Notes the counts when counting starts, and prints the running count. */
  private static final class Counted implements LoadGenerator.Progress {
    private final VersionedWiki site;
    private final HttpCache cache;
    private final String label;
    private long rendersBefore;
    private long notModifiedBefore;
    private long pagesRenderedBefore;
    private CacheStats statsBefore;

    Counted(VersionedWiki site, HttpCache cache, String label) {
      this.site = site;
      this.cache = cache;
      this.label = label;
    }

    @Override
    public void measurementStarts() {
      rendersBefore = site.renders();
      notModifiedBefore = site.notModifiedAnswers();
      pagesRenderedBefore = site.pagesRendered();
      statsBefore = cache.stats();
    }

    @Override
    public void tick(long requests, long errors) {
      System.out.printf(Locale.ROOT, "  %-20s %,10d requests %,6d errors%n", label, requests, errors);
    }
  }
}
