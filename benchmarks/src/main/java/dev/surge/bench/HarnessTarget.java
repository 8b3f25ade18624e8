package dev.surge.bench;

import dev.surge.cache.ByteSize;
import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import dev.surge.cache.internal.HttpDates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One server of the end-to-end harness, run in its own JVM (so that it can be pinned to its own core):
 * prints {@code READY <port>} once listening and serves until its standard input closes, then prints its
 * cache's counters, if it has a cache. Each line {@code counts} on its standard input is answered with a
 * {@link RenderCounts} line.
 */
@Command(name = "harness-target", hidden = true, description = "One harness server; see the harness command.")
final class HarnessTarget implements Callable<Integer> {

  /**
   * What the server answers with: a prebuilt page ({@code CONSTANT}, the limit), the same page with the fields a
   * Surge hit adds to what the application sent ({@code CONSTANT_HEADERS}: the stored {@code Date}, an {@code
   * ETag} and {@code Age}), rendered pages without a cache, behind Surge, or behind ehcache-web; or behind Surge,
   * pages whose renderer answers conditional requests ({@code REVALIDATING}, a {@link VersionedWiki}); or
   * without a cache, compressed by the server on every request ({@code ON_THE_FLY}: Jetty's {@code
   * GzipHandler}, Vert.x's compression support). With {@code --body}, the application answers that {@link
   * CompressibleBody} instead of wiki pages, and {@code CONSTANT} is that body compressed once in {@code
   * --coding} with the fields of a Surge hit. With {@code --sweep}, the application is a {@link SweepSite}
   * of {@code --pages} pages, Surge's store holds all of them, and {@code PREBUILT} is the sweeps' limit:
   * each page built once and looked up by path, written with the fields of a Surge hit.
   */
  enum Kind { CONSTANT, CONSTANT_HEADERS, PREBUILT, NOCACHE, SURGE, EHCACHE, REVALIDATING, ON_THE_FLY }

  @Option(names = "--adapter", required = true)
  String adapter;

  @Option(names = "--kind", required = true)
  Kind kind;

  @Option(names = "--pages", defaultValue = "1000")
  int pages;

  @Option(names = "--minimum-uses", defaultValue = "1")
  int minimumUses;

  /** How long Surge keeps a page fresh. */
  @Option(names = "--ttl", defaultValue = "PT60S")
  Duration ttl;

  /** Sections per page (one renders to about 1.5 KB). */
  @Option(names = "--sections", defaultValue = "" + Harness.SECTIONS)
  int sections;

  /** Surge with a zero {@code revalidationWindow}: stale pages are rendered again instead of revalidated. */
  @Option(names = "--no-revalidation")
  boolean noRevalidation;

  /** The body the application answers instead of wiki pages: {@code html} or {@code json} (compression rows). */
  @Option(names = "--body")
  Optional<String> body;

  /** Serves a {@link SweepSite} (wiki pages and body-size pages) instead of the wiki. */
  @Option(names = "--sweep")
  boolean sweep;

  /** The coding of the prebuilt body of a {@code CONSTANT} server with {@code --body}. */
  @Option(names = "--coding", defaultValue = "br")
  String coding;

  /** The codings Surge keeps variants in, most preferred first; by default every one available. */
  @Option(names = "--codings", split = ",")
  List<String> codings;

  @Override
  public Integer call() throws Exception {
    WikiSite site = new WikiSite(pages, 7, sections);
    byte[] firstPage = site.render(WikiSite.PREFIX + 0).orElseThrow();
    VersionedWiki versioned = new VersionedWiki(site, InstantSource.system());
    Optional<CompressibleBody> compressible = body.map(CompressibleBody::named);
    PageSource application = sweep ? new SweepSite(site) : site;
    PageSource source = switch (kind) {
      case CONSTANT -> compressible.map(b -> b.limit(coding)).orElse(PageSource.constant(firstPage));
      case CONSTANT_HEADERS -> PageSource.constant(firstPage, hitHeaders(firstPage));
      case PREBUILT -> PageSource.prebuilt(application, hitHeaders(firstPage));
      case REVALIDATING -> versioned;
      default -> compressible.map(CompressibleBody::application).orElse(application);
    };
    Optional<HttpCache> cache = kind == Kind.SURGE || kind == Kind.REVALIDATING ? Optional.of(cache()) : Optional.empty();
    boolean prebuilt = kind == Kind.CONSTANT || kind == Kind.CONSTANT_HEADERS || kind == Kind.PREBUILT
        || (compressible.isPresent() && kind != Kind.SURGE);
    DemoServer chosen;
    if (kind == Kind.EHCACHE) {
      chosen = new EhcacheWebServer(source);
    } else if (kind == Kind.ON_THE_FLY) {
      chosen = switch (adapter) {
        case "jetty" -> JettyWikiServer.compressingOnTheFly(source);
        case "vertx" -> VertxWikiServer.compressingOnTheFly(source);
        default -> throw new IllegalArgumentException("no on-the-fly compression on adapter " + adapter);
      };
    } else if (adapter.equals("vertx") && prebuilt) {
      chosen = new VertxWikiServer(source, cache, false);
    } else {
      chosen = SurgeDemo.server(adapter, source, cache);
    }
    try (DemoServer server = chosen) {
      URI base = server.start(0);
      System.out.println("READY " + base.getPort());
      System.out.flush();
      CountDownLatch closed = new CountDownLatch(1);
      Thread watcher = new Thread(() -> {
        // the harness keeps standard input open while it wants this server
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
          for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            if (command.equals("counts")) {
              System.out.println(new RenderCounts(site.renders(), versioned.notModifiedAnswers(),
                  cache.map(c -> c.stats().revalidated()).orElse(0L)).line());
              System.out.flush();
            }
          }
        } catch (IOException gone) {
          // the harness went away
        }
        closed.countDown();
      });
      watcher.setDaemon(true);
      watcher.start();
      closed.await();
      cache.map(HttpCache::stats).ifPresent(stats -> System.out.printf(Locale.ROOT,
          "cache: hit ratio %.4f, %,d misses, %,d stored, %,d waited for a render, %,d evicted, %,d not stored %s,"
              + " %,d revalidated%n", stats.hitRatio(), stats.misses(), stats.stores(), stats.coalescedWaits(),
          stats.evictions(), stats.totalRejections(), stats.rejections(), stats.revalidated()));
    }
    return 0;
  }

  /**
   * Surge keeping pages for {@link #ttl}, in one generation, revalidating stale ones unless told not to, with
   * compressed variants in {@link #codings} when given (else the default: every coding available).
   */
  private HttpCache cache() {
    HttpCache.Builder builder = SurgeDemo.oneGenerationCache().defaultTtl(ttl).minimumUses(minimumUses);
    if (sweep) {
      builder.maximumBytes(SWEEP_STORE).maximumEntries(2L * pages);
    }
    if (noRevalidation) {
      builder.revalidationWindow(Duration.ZERO);
    }
    if (codings != null) {
      builder.compression(Compression.builder().codings(codings.toArray(String[]::new)).build());
    }
    return builder.build();
  }

  /**
   * The store of a sweep's Surge server: room for 100,000 pages of about 2 KB with their compressed variants
   * (each charged about 10 KB: see the {@code footprint} command) and the body-size pages, so that every
   * measured request is a hit.
   */
  private static final ByteSize SWEEP_STORE = ByteSize.ofMegabytes(2048);

  /** The fields, as long as Surge's, that a hit of {@code page} carries besides the application's own. */
  private static Map<String, String> hitHeaders(byte[] page) {
    return Map.of(
        "Date", HttpDates.format(Instant.now()),
        "ETag", String.format(Locale.ROOT, "\"%032x\"", Arrays.hashCode(page)),
        "Age", "0");
  }
}
