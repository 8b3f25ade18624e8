package dev.surge.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end harness: per adapter and workload, the same server answering with a prebuilt constant
 * page (the limit) and with that page plus the fields a Surge hit adds, rendering without a cache, and
 * rendering behind Surge (for the servlet adapter also behind ehcache-web's {@code SimplePageCachingFilter} on
 * Tomcat 9; and nginx's {@code proxy_cache} and Varnish in front of the no-cache server when installed), each
 * server in its own process pinned to core 0 while this JVM's load runs pinned to core 1 (where {@code taskset}
 * exists). The servers of one row are all up at once and measured in turns; a row reports each server's
 * median over its runs, and each ratio as the median of the ratios within one turn. The hot and zipf rows also
 * report each server's latency percentiles, from an HdrHistogram of every request of its measured runs. The
 * opt-in revalidate row compares renders and server CPU per request with and without revalidation.
 */
@Command(name = "harness", mixinStandardHelpOptions = true,
    description = "Compares, per adapter, a constant-bytes server (the limit), no cache and Surge, on loopback.")
final class Harness implements Callable<Integer> {

  /** Pages of one section, about 2 KB each once rendered. */
  static final int SECTIONS = 1;

  @Option(names = "--adapters", split = ",", defaultValue = "jetty,vertx", description = "Default: ${DEFAULT-VALUE}.")
  List<String> adapters;

  @Option(names = "--workloads", split = ",", defaultValue = "hot,zipf,miss",
      description = "hot (one page), zipf (1,000 pages, exponent 1.1), miss (every request a new URL:"
          + " server CPU per request without and with Surge), revalidate (pages that go stale and answer"
          + " conditional requests: renders and server CPU per request with and without revalidation) and/or"
          + " compress (a 20 KB HTML page and a 5 KB JSON document to clients that accept every coding: Surge's"
          + " stored variants against constant compressed bytes, compression on the fly and nginx gzip) and/or"
          + " sweep (surge/limit across --sweep-pages working sets, Zipf and uniform, and --sweep-bodies hot-page"
          + " sizes, at each of --sweep-connections; a table and a chart per adapter in --report-dir)."
          + " Default: ${DEFAULT-VALUE}.")
  List<String> workloads;

  @Option(names = "--sweep-pages", split = ",", defaultValue = "1,1000,10000,100000",
      description = "Working sets of the sweep, in pages of about 2 KB. Default: ${DEFAULT-VALUE}.")
  List<Integer> sweepPages;

  @Option(names = "--sweep-bodies", split = ",", defaultValue = "2048,32768,262144,1048576",
      description = "Hot-page sizes of the sweep, in bytes. Default: ${DEFAULT-VALUE}.")
  List<Integer> sweepBodies;

  @Option(names = "--sweep-connections", split = ",", defaultValue = "32,256",
      description = "Connection counts of the sweep. Default: ${DEFAULT-VALUE}.")
  List<Integer> sweepConnections;

  @Option(names = "--report-dir", defaultValue = "target/harness",
      description = "Where the sweep writes its tables and charts. Default: ${DEFAULT-VALUE}.")
  Path reportDirectory;

  @Option(names = "--connections", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--duration", defaultValue = "PT10S", description = "Per measured run. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT5S", description = "JIT warm-up per server (miss: per round, repeated"
      + " until the JIT settles). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  /**
   * The unmeasured load before each measured run, which wakes a server that sat idle while the others were
   * measured (an idle Jetty lets its threads time out: a first run after minutes of idling measured half the
   * throughput of the next).
   */
  @Option(names = "--wake-up", defaultValue = "PT3S", description = "Unmeasured load before each measured run."
      + " Default: ${DEFAULT-VALUE}.")
  Duration wakeUp;

  @Option(names = "--runs", defaultValue = "3", description = "Measured runs per server (median). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--processes", defaultValue = "1", description = "Server processes per kind; each turn takes the"
      + " middle of their runs, so that one slow process does not decide a ratio."
      + " Default: ${DEFAULT-VALUE}.")
  int processes;

  @Option(names = "--client", defaultValue = "auto",
      description = "Load for the hot, zipf and compress rows: wrk, vertx, or auto (wrk when installed). Default: ${DEFAULT-VALUE}.")
  String client;

  /** The JIT's share of a warm-up's CPU below which the server counts as compiled. */
  private static final int SETTLED_JIT_PERCENT = 2;
  /**
   * The most warm-ups before measuring anyway: on one core, a Jetty Surge server under the all-miss load kept
   * its JIT compiler busy (12-18% of its CPU) for about 80 s, longer than 12 rounds of 5 s.
   */
  private static final int MOST_WARMUPS = 24;

  /**
   * How long the caches of the hot and zipf rows keep a page (Surge's here; nginx's, Varnish's and ehcache-web's
   * are set to the same in their configurations): longer than a row, so that the measured runs are hits. With 60 s, all
   * 1,000 zipf pages expired together while a server waited for its next turn; the wake-up before its run
   * rendered them all again, and on one core that set off a burst of JIT deoptimizations and recompilations
   * (729 compilations, 162 methods made not entrant in 10 s) that halved a Jetty Surge server's throughput for
   * that run.
   */
  static final Duration HIT_ROW_TTL = Duration.ofHours(1);

  private Optional<WrkLoad> wrk = Optional.empty();

  @Override
  public Integer call() throws Exception {
    boolean pinned = pinThisProcessTo(1);
    wrk = client.equals("vertx") ? Optional.empty() : WrkLoad.find(pinned);
    if (client.equals("wrk") && wrk.isEmpty()) {
      throw new IllegalStateException("wrk is not installed (apt-get install wrk)");
    }
    if (processes < 1) {
      throw new IllegalArgumentException("--processes must be at least 1");
    }
    System.out.printf(Locale.ROOT, "harness: %d connections, %s warm-up, %d x %s runs, %d process(es) per server,"
        + " pinned=%s, client=%s%n", connections, warmup, runs, duration, processes, pinned,
        wrk.isPresent() ? "wrk" : "vertx");
    List<String> rows = new ArrayList<>();
    try (LoadGenerator load = new LoadGenerator()) {
      for (String adapter : adapters) {
        for (String workload : workloads) {
          rows.add(switch (workload) {
            case "miss" -> missRow(load, adapter, pinned);
            case "revalidate" -> revalidationRow(load, adapter, pinned);
            case "compress" -> compressionRows(load, adapter, pinned);
            case "sweep" -> sweepRows(load, adapter, pinned);
            default -> throughputRow(load, adapter, workload, pinned);
          });
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%-6s %-5s %10s %10s %10s %14s %13s%n",
        "server", "load", "limit r/s", "nocache", "surge", "surge/limit", "surge/nocache");
    rows.forEach(System.out::println);
    return 0;
  }

  /**
   * A hit-throughput row: the constant-bytes limit, no cache, Surge, the limit writing the fields a Surge hit
   * adds (which tells the cost of those fields from that of Surge's lookup), and the peers that apply
   * (ehcache-web for the servlet adapter, nginx and Varnish when installed), all up side by side, and measured in turns, so
   * that the machine speeding up or slowing down during the row falls on all of them alike. Each server is
   * first warmed up until its JIT compiler settles, then once more (on one core, a Surge server's throughput
   * went on rising for about as long again). Each ratio is the median of the ratios within one turn; the
   * throughputs shown are each server's median.
   */
  private String throughputRow(LoadGenerator load, String adapter, String workload, boolean pin) throws Exception {
    List<Contender<Double>> servers = new ArrayList<>();
    try {
      for (HarnessTarget.Kind kind : List.of(HarnessTarget.Kind.CONSTANT, HarnessTarget.Kind.NOCACHE,
          HarnessTarget.Kind.SURGE, HarnessTarget.Kind.CONSTANT_HEADERS)) {
        servers.add(startEach(() -> RunningTarget.start(adapter, kind, pin, "--ttl", HIT_ROW_TTL.toString())));
      }
      if (adapter.equals("jetty")) {
        servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.EHCACHE, pin)));
      }
      Optional<Path> nginx = NginxPeer.binary();
      if (nginx.isPresent()) {
        servers.add(startEach(() -> RunningTarget.nginx(nginx.get(), adapter, pin)));
      } else {
        System.out.println("  nginx is not installed: skipping the proxy_cache comparison (apt-get install nginx)");
      }
      Optional<Path> varnish = VarnishPeer.binary();
      if (varnish.isPresent()) {
        servers.add(startEach(() -> RunningTarget.varnish(varnish.get(), adapter, pin)));
      } else {
        System.out.println("  varnishd is not installed: skipping the Varnish comparison (apt-get install varnish)");
      }
      PathDraw pages = PathDraw.zipf(workload.equals("hot") ? 1 : 1000, 1.1);
      measureInTurns(load, servers, pages, Map.of());
      printMedians(adapter, workload, servers);
      Contender<Double> constant = servers.get(0);
      Contender<Double> nocache = servers.get(1);
      Contender<Double> surge = servers.get(2);
      Contender<Double> withHitHeaders = servers.get(3);
      StringBuilder peers = new StringBuilder(String.format(Locale.ROOT,
          "   limit with a hit's headers %.0f r/s, surge/that %.2f", withHitHeaders.median(Double::doubleValue),
          surge.medianRatioTo(withHitHeaders, Double::doubleValue)));
      for (Contender<Double> peer : servers.subList(4, servers.size())) {
        String name = switch (peer.label()) {
          case "nginx" -> "nginx proxy_cache";
          case "varnish" -> "Varnish";
          default -> "ehcache-web (Tomcat 9)";
        };
        peers.append(String.format(Locale.ROOT, "   %s %.0f r/s, surge/%s %.2f", name,
            peer.median(Double::doubleValue), peer.label(), surge.medianRatioTo(peer, Double::doubleValue)));
      }
      return String.format(Locale.ROOT, "%-6s %-5s %10.0f %10.0f %10.0f %14.2f %13.2f%s", adapter, workload,
          constant.median(Double::doubleValue), nocache.median(Double::doubleValue), surge.median(Double::doubleValue),
          surge.medianRatioTo(constant, Double::doubleValue), surge.medianRatioTo(nocache, Double::doubleValue), peers);
    } finally {
      closeAll(servers);
    }
  }

  /**
   * Warms each of {@code servers} up until its JIT settles, and once more, then measures them in {@link #runs}
   * turns; every request asks for one of {@code pages} (Zipf) with the header fields {@code headers}.
   */
  private void measureInTurns(LoadGenerator load, List<Contender<Double>> servers, PathDraw pages,
      Map<String, String> headers) throws Exception {
    for (Contender<Double> server : servers) {
      for (RunningTarget target : server.targets) {
        server.warmups.add(warmUntilCompiled(() -> throughput(load, target.base(), pages, headers, warmup),
            target.process()));
        throughput(load, target.base(), pages, headers, warmup);
      }
    }
    for (int run = 0; run < runs; run++) {
      for (Contender<Double> server : servers) {
        measureTurn(load, server, pages, headers);
      }
    }
  }

  /** Prints each server's median throughput, its warm-ups and runs, and its latency percentiles. */
  private static void printMedians(String adapter, String workload, List<Contender<Double>> servers) {
    for (Contender<Double> server : servers) {
      Histogram latency = server.latencyMicros;
      System.out.printf(Locale.ROOT, "  %-6s %-5s %-16s median %,10.0f req/s after %s+1 warm-ups, runs: %s;"
          + " latency p50 %d us, p99 %d us, p99.9 %d us%n", adapter, workload, server.label(),
          server.median(Double::doubleValue), server.warmups, server.shown, latency.getValueAtPercentile(50),
          latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9));
    }
  }

  /** The sweep of {@code adapter}: a line per point, and its table and chart written to {@link #reportDirectory}. */
  private String sweepRows(LoadGenerator load, String adapter, boolean pin) throws Exception {
    List<Sweep.Result> results = new Sweep(this, load).run(adapter, Sweep.points(sweepPages, sweepBodies),
        sweepConnections, pin);
    Path chart = SweepReport.write(reportDirectory, adapter, results);
    System.out.printf(Locale.ROOT, "  %s sweep: table and chart in %s%n", adapter, chart.getParent());
    return results.stream().map(Sweep.Result::line).collect(Collectors.joining(System.lineSeparator()));
  }

  /** What every request of the compression rows accepts, as current browsers send it. */
  static final Map<String, String> ACCEPTS_EVERY_CODING = Map.of("Accept-Encoding", "gzip, deflate, br, zstd");

  /** The compression rows of {@code adapter}, one per {@link CompressibleBody}; Jetty and Vert.x only. */
  private String compressionRows(LoadGenerator load, String adapter, boolean pin) throws Exception {
    if (!adapter.equals("jetty") && !adapter.equals("vertx")) {
      return String.format(Locale.ROOT, "%-6s compress: skipped (compression on the fly is set up for jetty and"
          + " vertx only)", adapter);
    }
    List<String> rows = new ArrayList<>();
    for (CompressibleBody body : CompressibleBody.values()) {
      rows.add(compressionRow(load, adapter, body, pin));
    }
    return String.join(System.lineSeparator(), rows);
  }

  /**
   * A compression row: one body, asked for by clients that accept gzip, deflate, br and zstd, from the limit (the
   * body compressed once in br, written with a Surge hit's fields), Surge (which serves its br variant), the
   * limit and Surge in gzip ({@code codings("gzip")}), the server compressing each response on the fly in gzip,
   * and nginx {@code proxy_cache} with {@code gzip on} in front of the no-cache server when nginx is installed;
   * all up side by side and measured in turns, as in the hit rows. Before the load, each server is asked twice
   * and must answer the coding it is there for (the second answer, so Surge's is a hit); the row prints what
   * each one sends.
   */
  private String compressionRow(LoadGenerator load, String adapter, CompressibleBody body, boolean pin)
      throws Exception {
    String workload = body.label();
    System.out.printf(Locale.ROOT, "  %s body: %s%n", workload, VariantFootprint.of(body).line());
    List<Contender<Double>> servers = new ArrayList<>();
    try {
      String[] common = {"--body", workload, "--ttl", HIT_ROW_TTL.toString()};
      servers.add(startEach(() -> RunningTarget.start("limit br", adapter, HarnessTarget.Kind.CONSTANT, pin,
          with(common, "--coding", "br"))));
      servers.add(startEach(() -> RunningTarget.start("surge", adapter, HarnessTarget.Kind.SURGE, pin, common)));
      servers.add(startEach(() -> RunningTarget.start("limit gzip", adapter, HarnessTarget.Kind.CONSTANT, pin,
          with(common, "--coding", "gzip"))));
      servers.add(startEach(() -> RunningTarget.start("surge gzip", adapter, HarnessTarget.Kind.SURGE, pin,
          with(common, "--codings", "gzip"))));
      servers.add(startEach(() -> RunningTarget.start("on-the-fly gzip", adapter, HarnessTarget.Kind.ON_THE_FLY,
          pin, common)));
      Optional<Path> nginx = NginxPeer.binary();
      if (nginx.isPresent()) {
        servers.add(startEach(() -> RunningTarget.nginx(nginx.get(), adapter, pin, true, common)));
      } else {
        System.out.println("  nginx is not installed: skipping the proxy_cache comparison (apt-get install nginx)");
      }
      List<String> codings = List.of("br", "br", "gzip", "gzip", "gzip", "gzip");
      for (int i = 0; i < servers.size(); i++) {
        for (RunningTarget target : servers.get(i).targets) {
          WireAnswer answer = WireAnswer.of(target.base(), ACCEPTS_EVERY_CODING);
          System.out.printf(Locale.ROOT, "  %-6s %-5s %-16s sends %s%n", adapter, workload, target.label(), answer);
          answer.expectCoding(codings.get(i), target.label());
        }
      }
      measureInTurns(load, servers, PathDraw.zipf(1, 1.1), ACCEPTS_EVERY_CODING);
      printMedians(adapter, workload, servers);
      Contender<Double> limit = servers.get(0);
      Contender<Double> surge = servers.get(1);
      Contender<Double> limitGzip = servers.get(2);
      Contender<Double> surgeGzip = servers.get(3);
      Contender<Double> onTheFly = servers.get(4);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
          "%-6s %-5s br: limit %.0f, surge %.0f (surge/limit %.2f)   gzip: limit %.0f, surge %.0f (surge/limit %.2f)"
              + "   on-the-fly gzip %.0f (surge gzip/that %.2f, surge/that %.2f)", adapter, workload,
          limit.median(Double::doubleValue), surge.median(Double::doubleValue),
          surge.medianRatioTo(limit, Double::doubleValue), limitGzip.median(Double::doubleValue),
          surgeGzip.median(Double::doubleValue), surgeGzip.medianRatioTo(limitGzip, Double::doubleValue),
          onTheFly.median(Double::doubleValue), surgeGzip.medianRatioTo(onTheFly, Double::doubleValue),
          surge.medianRatioTo(onTheFly, Double::doubleValue)));
      if (servers.size() > 5) {
        Contender<Double> proxy = servers.get(5);
        row.append(String.format(Locale.ROOT, "   nginx gzip %.0f (surge gzip/nginx %.2f, surge/nginx %.2f)",
            proxy.median(Double::doubleValue), surgeGzip.medianRatioTo(proxy, Double::doubleValue),
            surge.medianRatioTo(proxy, Double::doubleValue)));
      }
      return row.toString();
    } finally {
      closeAll(servers);
    }
  }

  /** {@code options} followed by {@code more}. */
  private static String[] with(String[] options, String... more) {
    String[] all = Arrays.copyOf(options, options.length + more.length);
    System.arraycopy(more, 0, all, options.length, more.length);
    return all;
  }

  /**
   * One turn of {@code server}: a wake-up and a measured run of each of its processes, and their middle; every
   * measured request's latency goes into the server's histogram.
   */
  private void measureTurn(LoadGenerator load, Contender<Double> server, PathDraw pages, Map<String, String> headers)
      throws Exception {
    double[] perProcess = new double[server.targets.size()];
    for (int i = 0; i < perProcess.length; i++) {
      URI base = server.targets.get(i).base();
      throughput(load, base, pages, headers, wakeUp);
      Measured run = throughput(load, base, pages, headers, duration);
      perProcess[i] = run.requestsPerSecond();
      server.latencyMicros.add(run.latencyMicros());
    }
    server.runs.add(Contender.middle(perProcess));
    server.shown.add(Arrays.stream(perProcess).mapToObj(value -> String.format(Locale.ROOT, "%,.0f", value))
        .collect(Collectors.joining(" / ")));
  }

  /** One load run against a server: requests per second (0 on any error) and each request's latency. */
  record Measured(double requestsPerSecond, Histogram latencyMicros) { }

  /**
   * A load run of {@code length} over {@link #connections}, asking for {@code pages}, each request with the header
   * fields {@code headers}, with wrk when it is here.
   */
  private Measured throughput(LoadGenerator load, URI base, PathDraw pages, Map<String, String> headers,
      Duration length) throws InterruptedException, java.io.IOException {
    return throughput(load, base, pages, headers, connections, length);
  }

  /** As {@link #throughput(LoadGenerator, URI, PathDraw, Map, Duration)}, over {@code connections}. */
  Measured throughput(LoadGenerator load, URI base, PathDraw pages, Map<String, String> headers, int connections,
      Duration length) throws InterruptedException, java.io.IOException {
    if (wrk.isPresent()) {
      WrkLoad.Result result = wrk.get().run(base, pages, headers, connections, length);
      return new Measured(result.requestsPerSecond(), result.latencyMicros());
    }
    LoadGenerator.Result result = load.run(base, pages.paths(), headers, connections, length,
        (requests, errors) -> { });
    return new Measured(result.errors() == 0 ? result.throughput() : 0, result.latencyMicros());
  }

  /**
   * The all-miss workload: every request asks for a URL never asked before (a fresh query string on a Zipf
   * page), so Surge never hits. Compares the server process's CPU time per request without and with Surge:
   * the request threads' and the garbage collector's, measured once the JIT compiler has settled, and without
   * the compiler's own time (a one-off cost of warming up that, on a busy machine, otherwise lasts into the
   * measured runs and swamps what is compared). The three servers run side by side and are measured in turns
   * (no cache, Surge, Surge with minimumUses=2, then again), so that the machine slowing down during the row
   * falls on all three alike; each ratio is the median of the ratios within one turn. With {@link #processes}
   * above one, each server runs in that many processes and a turn takes the middle of their runs.
   */
  private String missRow(LoadGenerator load, String adapter, boolean pin) throws Exception {
    List<Contender<MissCost>> servers = new ArrayList<>();
    try {
      servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.NOCACHE, pin)));
      servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.SURGE, pin)));
      servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.SURGE, pin, "--minimum-uses",
          "2")));
      Supplier<String> pages = LoadGenerator.zipfPages(1000, 1.1);
      AtomicLong fresh = new AtomicLong();
      Supplier<String> neverSeen = () -> pages.get() + "?miss=" + fresh.incrementAndGet();
      for (Contender<MissCost> server : servers) {
        for (RunningTarget target : server.targets) {
          server.warmups.add(warmUntilCompiled(() -> load.run(target.base(), neverSeen, connections, warmup,
              (requests, errors) -> { }), target.process()));
        }
      }
      for (int run = 0; run < runs; run++) {
        for (Contender<MissCost> server : servers) {
          measureMissTurn(load, server, neverSeen);
        }
      }
      List<String> names = List.of("nocache", "surge", "surge minimumUses=2");
      for (int i = 0; i < servers.size(); i++) {
        System.out.printf(Locale.ROOT, "  %-6s miss  %-19s median %8.1f us CPU per request after %s warm-ups,"
            + " runs: %s%n", adapter, names.get(i), servers.get(i).median(MissCost::micros), servers.get(i).warmups,
            String.join("; ", servers.get(i).shown));
      }
      Contender<MissCost> nocache = servers.get(0);
      Contender<MissCost> surge = servers.get(1);
      Contender<MissCost> twoUses = servers.get(2);
      return String.format(Locale.ROOT, "%-6s %-5s   server CPU per request (request threads + GC): nocache %.1f us"
          + " (GC %.1f), surge %.1f us (GC %.1f; surge/nocache %.3f), surge minimumUses=2 %.1f us (GC %.1f; %.3f)",
          adapter, "miss", nocache.median(MissCost::micros), nocache.median(MissCost::gcMicros),
          surge.median(MissCost::micros), surge.median(MissCost::gcMicros), surge.medianRatioTo(nocache,
              MissCost::micros), twoUses.median(MissCost::micros), twoUses.median(MissCost::gcMicros),
          twoUses.medianRatioTo(nocache, MissCost::micros));
    } finally {
      closeAll(servers);
    }
  }

  /**
   * One turn of {@code server} in the all-miss row: a wake-up and a measured run of each of its processes, and
   * their middle.
   */
  private void measureMissTurn(LoadGenerator load, Contender<MissCost> server, Supplier<String> neverSeen)
      throws Exception {
    List<MissCost> perProcess = new ArrayList<>();
    for (RunningTarget target : server.targets) {
      load.run(target.base(), neverSeen, connections, wakeUp, (requests, errors) -> { });
      perProcess.add(cpuPerMiss(load, target, neverSeen));
    }
    String shown = perProcess.stream().map(MissCost::shown).collect(Collectors.joining(" / "));
    server.runs.add(new MissCost(Contender.middle(perProcess.stream().mapToDouble(MissCost::micros).toArray()),
        Contender.middle(perProcess.stream().mapToDouble(MissCost::gcMicros).toArray()), shown));
    server.shown.add(shown);
  }

  /**
   * The revalidation workload: the same {@link VersionedWiki} (pages of {@value #REVALIDATION_SECTIONS} sections,
   * a millisecond or so of CPU to render, nothing to answer a 304) behind Surge, fresh for {@link
   * #REVALIDATION_TTL} so that the Zipf-drawn pages go stale several times in every run, once with the default
   * {@code revalidationWindow} and once with {@code Duration.ZERO} (stale pages rendered again). Both servers run
   * side by side and are measured in turns; per run, renders per 1,000 requests and the server's CPU per request
   * (request threads and GC), and each ratio is the median of the ratios within one turn.
   */
  private String revalidationRow(LoadGenerator load, String adapter, boolean pin) throws Exception {
    List<Contender<RevalidationCost>> servers = new ArrayList<>();
    try {
      String[] options = {"--ttl", REVALIDATION_TTL.toString(), "--sections", Integer.toString(REVALIDATION_SECTIONS)};
      servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.REVALIDATING, pin, options)));
      String[] off = Arrays.copyOf(options, options.length + 1);
      off[options.length] = "--no-revalidation";
      servers.add(startEach(() -> RunningTarget.start(adapter, HarnessTarget.Kind.REVALIDATING, pin, off)));
      Supplier<String> pages = LoadGenerator.zipfPages(1000, 1.1);
      for (Contender<RevalidationCost> server : servers) {
        for (RunningTarget target : server.targets) {
          server.warmups.add(warmUntilCompiled(() -> load.run(target.base(), pages, connections, warmup,
              (requests, errors) -> { }), target.process()));
        }
      }
      for (int run = 0; run < runs; run++) {
        for (Contender<RevalidationCost> server : servers) {
          measureRevalidationTurn(load, server, pages);
        }
      }
      List<String> names = List.of("revalidation", "re-rendering");
      for (int i = 0; i < servers.size(); i++) {
        Contender<RevalidationCost> server = servers.get(i);
        System.out.printf(Locale.ROOT, "  %-6s revalidate %-12s median %6.1f renders per 1,000 requests, %7.1f us CPU"
            + " per request after %s warm-ups, runs: %s%n", adapter, names.get(i),
            server.median(RevalidationCost::rendersPerThousand), server.median(RevalidationCost::cpuMicros),
            server.warmups, String.join("; ", server.shown));
      }
      Contender<RevalidationCost> revalidating = servers.get(0);
      Contender<RevalidationCost> rendering = servers.get(1);
      return String.format(Locale.ROOT, "%-6s %-10s renders per 1,000 requests: revalidation %.1f, re-rendering %.1f"
          + " (ratio %.3f); server CPU per request (request threads + GC): revalidation %.1f us, re-rendering %.1f us"
          + " (ratio %.3f)", adapter, "revalidate", revalidating.median(RevalidationCost::rendersPerThousand),
          rendering.median(RevalidationCost::rendersPerThousand),
          revalidating.medianRatioTo(rendering, RevalidationCost::rendersPerThousand),
          revalidating.median(RevalidationCost::cpuMicros), rendering.median(RevalidationCost::cpuMicros),
          revalidating.medianRatioTo(rendering, RevalidationCost::cpuMicros));
    } finally {
      closeAll(servers);
    }
  }

  /** How long the revalidation row's pages stay fresh: a run of 10 s sees each one go stale about ten times. */
  static final Duration REVALIDATION_TTL = Duration.ofSeconds(1);
  /** Sections per page in the revalidation row: the demo's pages, whose render costs real CPU. */
  static final int REVALIDATION_SECTIONS = 8;

  /**
   * One turn of {@code server} in the revalidation row: a wake-up and a measured run of each of its processes,
   * and their middle.
   */
  private void measureRevalidationTurn(LoadGenerator load, Contender<RevalidationCost> server,
      Supplier<String> pages) throws Exception {
    List<RevalidationCost> perProcess = new ArrayList<>();
    for (RunningTarget target : server.targets) {
      load.run(target.base(), pages, connections, wakeUp, (requests, errors) -> { });
      perProcess.add(revalidationCost(load, target, pages));
    }
    String shown = perProcess.stream().map(RevalidationCost::shown).collect(Collectors.joining(" / "));
    server.runs.add(new RevalidationCost(
        Contender.middle(perProcess.stream().mapToDouble(RevalidationCost::rendersPerThousand).toArray()),
        Contender.middle(perProcess.stream().mapToDouble(RevalidationCost::cpuMicros).toArray()), shown));
    server.shown.add(shown);
  }

  /** Renders per 1,000 requests and server CPU per request in one measured run. */
  private record RevalidationCost(double rendersPerThousand, double cpuMicros, String shown) { }

  private RevalidationCost revalidationCost(LoadGenerator load, RunningTarget server, Supplier<String> pages)
      throws Exception {
    RenderCounts countsBefore = server.counts();
    ServerCpu before = ServerCpu.of(server.process());
    LoadGenerator.Result result = load.run(server.base(), pages, connections, duration, (requests, errors) -> { });
    ServerCpu used = ServerCpu.of(server.process()).minus(before);
    RenderCounts counts = server.counts().minus(countsBefore);
    if (result.errors() != 0) {
      return new RevalidationCost(Double.NaN, Double.NaN, result.errors() + " errors");
    }
    double perThousand = counts.renders() * 1000.0 / result.requests();
    double micros = perRequest(used.serving(), result);
    return new RevalidationCost(perThousand, micros, String.format(Locale.ROOT, "%.1f renders/1k, %.1f us (%,d req,"
        + " %,d renders, %,d 304s, %,d revalidated, JIT %.1f us)", perThousand, micros, result.requests(),
        counts.renders(), counts.notModified(), counts.revalidated(), perRequest(used.jit(), result)));
  }

  /** The CPU time per request of one measured run, and the garbage collector's part of it. */
  private record MissCost(double micros, double gcMicros, String shown) { }

  /**
   * {@link #processes} servers from {@code start}, as one contender; if one fails to start, those started so far
   * are stopped here, since the caller's cleanup only sees the contenders it was handed.
   */
  <T> Contender<T> startEach(ServerStart start) throws Exception {
    List<RunningTarget> targets = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        targets.add(start.start());
      }
    } catch (Exception failed) {
      for (RunningTarget target : targets) {
        target.close();
      }
      throw failed;
    }
    return new Contender<>(targets);
  }

  /** Starts one harness server. */
  @FunctionalInterface
  interface ServerStart {
    RunningTarget start() throws Exception;
  }

  static void closeAll(List<? extends Contender<?>> servers) throws Exception {
    for (Contender<?> server : servers) {
      for (RunningTarget target : server.targets) {
        target.close();
      }
    }
  }

  private MissCost cpuPerMiss(LoadGenerator load, RunningTarget server, Supplier<String> neverSeen)
      throws Exception {
    ServerCpu before = ServerCpu.of(server.process());
    LoadGenerator.Result result = load.run(server.base(), neverSeen, connections, duration, (requests, errors) -> { });
    ServerCpu used = ServerCpu.of(server.process()).minus(before);
    if (result.errors() != 0) {
      return new MissCost(Double.NaN, Double.NaN, result.errors() + " errors");
    }
    double micros = perRequest(used.serving(), result);
    double gc = perRequest(used.gc(), result);
    return new MissCost(micros, gc, String.format(Locale.ROOT, "%.1f (threads %.1f, GC %.1f, JIT %.1f)", micros,
        perRequest(used.requestThreads(), result), gc, perRequest(used.jit(), result)));
  }

  /**
   * Runs {@code warmup} until the server's JIT compiler used under {@value #SETTLED_JIT_PERCENT}% of its CPU
   * in one warm-up, at most {@value #MOST_WARMUPS} times; returns how many warm-ups ran.
   */
  static int warmUntilCompiled(WarmupLoad warmup, ProcessHandle server) throws Exception {
    for (int round = 1; ; round++) {
      ServerCpu before = ServerCpu.of(server);
      warmup.run();
      ServerCpu used = ServerCpu.of(server).minus(before);
      long all = used.serving().plus(used.jit()).toNanos();
      if (round == MOST_WARMUPS || used.jit().toNanos() * 100 < all * SETTLED_JIT_PERCENT) {
        return round;
      }
    }
  }

  /** One warm-up's load against a server. */
  @FunctionalInterface
  interface WarmupLoad {
    void run() throws Exception;
  }

  private static double perRequest(Duration cpu, LoadGenerator.Result result) {
    return cpu.toNanos() / 1000.0 / result.requests();
  }

  /** Pins this JVM to {@code core} with taskset when the machine has it; returns whether it did. */
  private static boolean pinThisProcessTo(int core) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/taskset")) || Runtime.getRuntime().availableProcessors() < 2) {
      return false;
    }
    Process pin = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(core),
        Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
    pin.getInputStream().readAllBytes();
    return pin.waitFor() == 0;
  }
}
