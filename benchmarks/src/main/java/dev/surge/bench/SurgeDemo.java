package dev.surge.bench;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The surge demo, the README's first command: a wiki rendered from Markdown is served by each adapter on
 * loopback, first without and then with Surge, and a bounded surge of Zipf-distributed requests is fired at
 * each; then, on the first adapter, pages whose renderer answers conditional requests go stale several times
 * under load, to count the renders revalidation saves; prints a table and writes an HTML report with charts.
 */
@Command(
    name = "surge-demo",
    mixinStandardHelpOptions = true,
    version = "surge-demo 0.1.0",
    description = "Fires a bounded surge at a wiki served by each Surge adapter on loopback, without and with"
        + " Surge, and reports throughput, latency, hit ratio, renders and heap; then counts the renders that"
        + " revalidation saves on pages that go stale.",
    subcommands = {SurgeDemo.Serve.class, ProxyCommand.class, Harness.class, HarnessTarget.class, FleetSurge.class,
        FleetInstance.class, FootprintCommand.class})
public final class SurgeDemo implements Callable<Integer> {

  @Option(names = "--adapters", split = ",", defaultValue = "jetty,spring,vertx",
      description = "Adapters to measure (jetty, spring, vertx). Default: ${DEFAULT-VALUE}.")
  List<String> adapters;

  @Option(names = "--duration", defaultValue = "PT10S",
      description = "Measured time per configuration (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT3S",
      description = "Unmeasured load before each measurement (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--connections", defaultValue = "128",
      description = "Concurrent connections, each with one request in flight. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--pages", defaultValue = "3000", description = "Pages in the wiki. Default: ${DEFAULT-VALUE}.")
  int pages;

  @Option(names = "--zipf", defaultValue = "1.1",
      description = "Zipf exponent of page popularity (higher: hotter head). Default: ${DEFAULT-VALUE}.")
  double zipf;

  @Option(names = "--revalidation-run", defaultValue = "PT3S",
      description = "Counted time of the revalidation run on the first adapter: pages whose renderer answers"
          + " conditional requests, fresh for --revalidation-ttl; PT0S skips it. Default: ${DEFAULT-VALUE}.")
  Duration revalidationRun;

  @Option(names = "--revalidation-ttl", defaultValue = "PT1S",
      description = "How long pages stay fresh in the revalidation run, which first loads them unmeasured for"
          + " that long. Default: ${DEFAULT-VALUE}.")
  Duration revalidationTtl;

  @Option(names = "--report", defaultValue = "target/surge-demo.html",
      description = "Where to write the HTML report. Default: ${DEFAULT-VALUE}.")
  Path report;

  /** Runs the demo; exits with its status. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen
    System.exit(new CommandLine(new SurgeDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<DemoResult> results = run();
    Optional<RevalidationResult> revalidation = revalidationRun();
    System.out.println();
    System.out.print(DemoReport.table(results));
    revalidation.ifPresent(counts -> System.out.println(counts.row()));
    DemoReport.writeHtml(report, results, revalidation, settings());
    System.out.println("\nHTML report: " + report.toAbsolutePath());
    System.out.println();
    DemoConclusion.sentences(results).forEach(System.out::println);
    revalidation.map(DemoConclusion::sentence).ifPresent(System.out::println);
    boolean failed = results.stream().anyMatch(result -> result.errors() != 0)
        || revalidation.filter(counts -> counts.errors() != 0).isPresent();
    return failed ? 1 : 0;
  }

  /** Measures every configuration in turn and returns the results in order. */
  List<DemoResult> run() throws Exception {
    System.out.println("Surge demo: " + settings());
    List<DemoResult> results = new ArrayList<>();
    try (LoadGenerator load = new LoadGenerator()) {
      for (String adapter : adapters) {
        for (boolean cached : new boolean[] {false, true}) {
          results.add(measure(load, adapter, cached));
        }
      }
    }
    return results;
  }

  /**
   * The revalidation run on the first adapter, unless {@link #revalidationRun} is zero: pages that answer
   * conditional requests, stale after {@link #revalidationTtl}, several times within the run.
   */
  Optional<RevalidationResult> revalidationRun() throws Exception {
    if (revalidationRun.isZero() || adapters.isEmpty()) {
      return Optional.empty();
    }
    try (LoadGenerator load = new LoadGenerator()) {
      return Optional.of(RevalidationDemo.run(load, adapters.get(0), pages, zipf, connections, revalidationTtl,
          revalidationRun));
    }
  }

  private DemoResult measure(LoadGenerator load, String adapter, boolean cached) throws Exception {
    WikiSite site = new WikiSite(pages, 7);
    Optional<HttpCache> cache = cached ? Optional.of(demoCache(pages)) : Optional.empty();
    try (DemoServer server = server(adapter, site, cache)) {
      URI base = server.start(0);
      Measurement measurement = new Measurement(site, cache, adapter + (cached ? " + surge" : ", no cache"));
      LoadGenerator.Result result = load.run(base, pages, zipf, connections, warmup, duration, measurement);
      double hitRatio = cache.map(c -> hitRatioSince(measurement.statsBefore, c.stats())).orElse(0.0);
      Histogram latency = result.latencyMicros();
      return new DemoResult(adapter, cached, result.throughput(),
          latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, result.errors(), hitRatio,
          site.renders() - measurement.rendersBefore, heapMegabytes(), cache.map(HttpCache::stats),
          result.warmup(), result.seconds(), site.rendersPerPage());
    }
  }

  /** Notes the renders and the cache's counters when the measurement starts, and prints the running count. */
  private static final class Measurement implements LoadGenerator.Progress {
    private final WikiSite site;
    private final Optional<HttpCache> cache;
    private final String label;
    private long rendersBefore;
    private CacheStats statsBefore;

    Measurement(WikiSite site, Optional<HttpCache> cache, String label) {
      this.site = site;
      this.cache = cache;
      this.label = label;
    }

    @Override
    public void measurementStarts() {
      rendersBefore = site.renders();
      statsBefore = cache.map(HttpCache::stats).orElse(null);
    }

    @Override
    public void tick(long requests, long errors) {
      System.out.printf(Locale.ROOT, "  %-20s %,10d requests %,6d errors%n", label, requests, errors);
    }
  }

  private static double hitRatioSince(CacheStats before, CacheStats after) {
    long hits = after.hits() + after.notModified() - before.hits() - before.notModified();
    long lookups = hits + after.misses() - before.misses() + after.coalescedWaits() - before.coalescedWaits();
    return lookups == 0 ? 0 : (double) hits / lookups;
  }

  /** Room in the demo's store per wiki page: a rendered page with its fields weighs about 21 KB. */
  private static final ByteSize STORE_BYTES_PER_PAGE = ByteSize.ofKilobytes(48);
  private static final ByteSize DEFAULT_STORE_BYTES = ByteSize.ofMegabytes(64);
  private static final long DEFAULT_STORE_ENTRIES = 10_000;

  /**
   * The cache in front of a wiki of {@code pages} pages: pages fresh for 60 s, one generation for the whole run
   * (the default recycles every 100,000 lookups, several times a run here), and a store no smaller than the
   * default with room for every page well below its full mark, so that the admission filter of a full store
   * never turns a page away and renders per page show coalescing alone.
   */
  static HttpCache demoCache(int pages) {
    return demoCache(pages, Duration.ofSeconds(60));
  }

  /** The same cache, keeping pages fresh for {@code ttl}. */
  static HttpCache demoCache(int pages, Duration ttl) {
    return demoCacheBuilder(pages, ttl).build();
  }

  /** The builder of {@link #demoCache(int, Duration)}, for a caller that builds the cache its own way. */
  static HttpCache.Builder demoCacheBuilder(int pages, Duration ttl) {
    long bytes = Math.max(DEFAULT_STORE_BYTES.bytes(), STORE_BYTES_PER_PAGE.bytes() * pages);
    return oneGenerationCache()
        .defaultTtl(ttl)
        .maximumBytes(ByteSize.ofBytes(bytes))
        .maximumEntries(Math.max(DEFAULT_STORE_ENTRIES, 2L * pages));
  }

  /**
   * A cache keeping pages 60 s in one generation for the whole run (never recycled by request count or by age:
   * a harness sweep sends over 10 million requests and lasts more than the default 10 min), with the default
   * store size; the harness builds its Surge server's cache from it.
   */
  static HttpCache.Builder oneGenerationCache() {
    return HttpCache.builder().defaultTtl(Duration.ofSeconds(60)).recycleAfterRequests(ONE_GENERATION_REQUESTS)
        .recycleAfter(Duration.ofDays(1));
  }

  /** More requests than any run sends. */
  private static final long ONE_GENERATION_REQUESTS = 1_000_000_000_000L;

  static DemoServer server(String adapter, PageSource site, Optional<HttpCache> cache) {
    return switch (adapter) {
      case "jetty" -> new JettyWikiServer(site, cache);
      case "spring" -> new SpringWikiServer(site, cache);
      case "vertx" -> new VertxWikiServer(site, cache);
      default -> throw new CommandLine.ParameterException(
          new CommandLine(new SurgeDemo()), "unknown adapter '" + adapter + "' (use jetty, spring or vertx)");
    };
  }

  private static long heapMegabytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  private String settings() {
    return String.format(Locale.ROOT, "%d pages, Zipf %.2f, %d connections, %s warm-up + %s measured per"
        + " configuration, %d cores, Java %s%s", pages, zipf, connections, readable(warmup), readable(duration),
        Runtime.getRuntime().availableProcessors(), Runtime.version(), revalidationRun.isZero() ? ""
            : String.format(Locale.ROOT, "; revalidation run: TTL %s, %s unmeasured + %s counted", readable(revalidationTtl),
                readable(revalidationTtl), readable(revalidationRun)));
  }

  /** {@code 3s}, {@code 1m30s}: a duration as people write it, not as ISO-8601's {@code PT3S}. */
  private static String readable(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** Keeps one adapter's wiki up on a port until stopped. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serves the demo wiki with one adapter on a loopback port until stopped (Ctrl-C).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--adapter", defaultValue = "jetty", description = "jetty, spring or vertx. Default: ${DEFAULT-VALUE}.")
    String adapter;

    @Option(names = "--port", defaultValue = "8080", description = "Loopback port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--no-cache", description = "Serve without Surge.")
    boolean noCache;

    @Option(names = "--pages", defaultValue = "3000", description = "Pages in the wiki. Default: ${DEFAULT-VALUE}.")
    int pages;

    @Override
    public Integer call() throws Exception {
      Optional<HttpCache> cache = noCache ? Optional.empty() : Optional.of(demoCache(pages));
      DemoServer server = server(adapter, new WikiSite(pages, 7), cache);
      URI base = server.start(port);
      System.out.println("Serving " + pages + " wiki pages at " + base + WikiSite.PREFIX + "0 .. "
          + (pages - 1) + (noCache ? " without" : " with") + " Surge (" + adapter + "); Ctrl-C stops.");
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (Exception ignored) {
          // shutting down anyway
        } finally {
          stopped.countDown();
        }
      }));
      stopped.await();
      return 0;
    }
  }
}
