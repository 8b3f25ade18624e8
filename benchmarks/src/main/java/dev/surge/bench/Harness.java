package dev.surge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end harness: per adapter and workload, the same server answering with a prebuilt constant
 * page (the limit), rendering without a cache, and rendering behind Surge (for the servlet adapter also
 * behind ehcache-web's {@code SimplePageCachingFilter} on Tomcat 9; and nginx's {@code proxy_cache} in front of
 * the no-cache server when nginx is installed), each server in its own process pinned to
 * core 0 while this JVM's load runs pinned to core 1 (where {@code taskset} exists). Reports the median of
 * repeated runs and the ratios measured side by side.
 */
@Command(name = "harness", mixinStandardHelpOptions = true,
    description = "Compares, per adapter, a constant-bytes server (the limit), no cache and Surge, on loopback.")
final class Harness implements Callable<Integer> {

  /** Pages of one section, about 2 KB each once rendered. */
  static final int SECTIONS = 1;

  @Option(names = "--adapters", split = ",", defaultValue = "jetty,vertx", description = "Default: ${DEFAULT-VALUE}.")
  List<String> adapters;

  @Option(names = "--workloads", split = ",", defaultValue = "hot,zipf,miss",
      description = "hot (one page), zipf (1,000 pages, exponent 1.1) and/or miss (every request a new URL:"
          + " server CPU per request without and with Surge). Default: ${DEFAULT-VALUE}.")
  List<String> workloads;

  @Option(names = "--connections", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--duration", defaultValue = "PT10S", description = "Per measured run. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT5S", description = "JIT warm-up per server (miss: per round, repeated"
      + " until the JIT settles). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--runs", defaultValue = "3", description = "Measured runs per server (median). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--client", defaultValue = "auto",
      description = "Load for the hot and zipf rows: wrk, vertx, or auto (wrk when installed). Default: ${DEFAULT-VALUE}.")
  String client;

  /** The JIT's share of a warm-up's CPU below which the server counts as compiled. */
  private static final int SETTLED_JIT_PERCENT = 2;
  /** The most warm-ups before measuring anyway. */
  private static final int MOST_WARMUPS = 12;

  private Optional<WrkLoad> wrk = Optional.empty();

  @Override
  public Integer call() throws Exception {
    boolean pinned = pinThisProcessTo(1);
    wrk = client.equals("vertx") ? Optional.empty() : WrkLoad.find(pinned);
    if (client.equals("wrk") && wrk.isEmpty()) {
      throw new IllegalStateException("wrk is not installed (apt-get install wrk)");
    }
    System.out.printf(Locale.ROOT, "harness: %d connections, %s warm-up, %d x %s runs, pinned=%s, client=%s%n",
        connections, warmup, runs, duration, pinned, wrk.isPresent() ? "wrk" : "vertx");
    List<String> rows = new ArrayList<>();
    try (LoadGenerator load = new LoadGenerator()) {
      for (String adapter : adapters) {
        for (String workload : workloads) {
          if (workload.equals("miss")) {
            rows.add(missRow(load, adapter, pinned));
            continue;
          }
          double constant = measure(load, adapter, HarnessTarget.Kind.CONSTANT, workload, pinned);
          double nocache = measure(load, adapter, HarnessTarget.Kind.NOCACHE, workload, pinned);
          double surge = measure(load, adapter, HarnessTarget.Kind.SURGE, workload, pinned);
          String peer = nginx(load, adapter, workload, pinned)
              .map(nginx -> String.format(Locale.ROOT, "   nginx proxy_cache %.0f r/s, surge/nginx %.2f",
                  nginx, surge / nginx))
              .orElse("");
          if (adapter.equals("jetty")) {
            double ehcache = measure(load, adapter, HarnessTarget.Kind.EHCACHE, workload, pinned);
            peer += String.format(Locale.ROOT, "   ehcache-web (Tomcat 9) %.0f r/s, surge/ehcache %.2f",
                ehcache, surge / ehcache);
          }
          rows.add(String.format(Locale.ROOT, "%-6s %-5s %10.0f %10.0f %10.0f %14.2f %13.2f%s",
              adapter, workload, constant, nocache, surge, surge / constant, surge / nocache, peer));
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%-6s %-5s %10s %10s %10s %14s %13s%n",
        "server", "load", "limit r/s", "nocache", "surge", "surge/limit", "surge/nocache");
    rows.forEach(System.out::println);
    return 0;
  }

  /**
   * The all-miss workload: every request asks for a URL never asked before (a fresh query string on a Zipf
   * page), so Surge never hits. Compares the server process's CPU time per request without and with Surge:
   * the request threads' and the garbage collector's, measured once the JIT compiler has settled, and without
   * the compiler's own time (a one-off cost of warming up that, on a busy machine, otherwise lasts into the
   * measured runs and swamps what is compared). The three servers run side by side and are measured in turns
   * (no cache, Surge, Surge with minimumUses=2, then again), so that the machine slowing down during the row
   * falls on all three alike; each ratio is the median of the ratios within one turn.
   */
  private String missRow(LoadGenerator load, String adapter, boolean pin) throws Exception {
    List<MissServer> servers = new ArrayList<>();
    try {
      servers.add(MissServer.start(adapter, HarnessTarget.Kind.NOCACHE, 1, pin));
      servers.add(MissServer.start(adapter, HarnessTarget.Kind.SURGE, 1, pin));
      servers.add(MissServer.start(adapter, HarnessTarget.Kind.SURGE, 2, pin));
      Supplier<String> pages = LoadGenerator.zipfPages(1000, 1.1);
      AtomicLong fresh = new AtomicLong();
      Supplier<String> neverSeen = () -> pages.get() + "?miss=" + fresh.incrementAndGet();
      for (MissServer server : servers) {
        server.warmups = warmUntilCompiled(load, server.base, neverSeen, server.process.toHandle());
      }
      for (int run = 0; run < runs; run++) {
        for (MissServer server : servers) {
          server.costs.add(cpuPerMiss(load, server, neverSeen));
        }
      }
      servers.forEach(server -> server.print(adapter));
      MissServer nocache = servers.get(0);
      MissServer surge = servers.get(1);
      MissServer twoUses = servers.get(2);
      return String.format(Locale.ROOT, "%-6s %-5s   server CPU per request (request threads + GC): nocache %.1f us"
          + " (GC %.1f), surge %.1f us (GC %.1f; surge/nocache %.3f), surge minimumUses=2 %.1f us (GC %.1f; %.3f)",
          adapter, "miss", nocache.median().micros(), nocache.median().gcMicros(), surge.median().micros(),
          surge.median().gcMicros(), surge.medianRatioTo(nocache), twoUses.median().micros(),
          twoUses.median().gcMicros(), twoUses.medianRatioTo(nocache));
    } finally {
      for (MissServer server : servers) {
        stop(server.process);
      }
    }
  }

  /** The CPU time per request of one measured run, and the garbage collector's part of it. */
  private record MissCost(double micros, double gcMicros, String shown) { }

  /** One server of the all-miss row, kept up for the whole row, and its measured runs in order. */
  private static final class MissServer {
    final HarnessTarget.Kind kind;
    final int minimumUses;
    final Process process;
    final URI base;
    final List<MissCost> costs = new ArrayList<>();
    int warmups;

    private MissServer(HarnessTarget.Kind kind, int minimumUses, Process process, URI base) {
      this.kind = kind;
      this.minimumUses = minimumUses;
      this.process = process;
      this.base = base;
    }

    static MissServer start(String adapter, HarnessTarget.Kind kind, int minimumUses, boolean pin) throws Exception {
      Process process = startTarget(adapter, kind, pin, "--minimum-uses", Integer.toString(minimumUses));
      try {
        return new MissServer(kind, minimumUses, process, URI.create("http://127.0.0.1:" + awaitReady(process)));
      } catch (Exception failed) {
        stop(process);
        throw failed;
      }
    }

    MissCost median() {
      return costs.stream().sorted(Comparator.comparingDouble(MissCost::micros)).toList().get(costs.size() / 2);
    }

    /** The median, over the turns, of this server's CPU per request over {@code baseline}'s in the same turn. */
    double medianRatioTo(MissServer baseline) {
      double[] ratios = new double[costs.size()];
      for (int turn = 0; turn < ratios.length; turn++) {
        ratios[turn] = costs.get(turn).micros() / baseline.costs.get(turn).micros();
      }
      Arrays.sort(ratios);
      return ratios[ratios.length / 2];
    }

    void print(String adapter) {
      System.out.printf(Locale.ROOT, "  %-6s miss  %-9s uses>=%d median %8.1f us CPU per request after %d warm-ups,"
          + " runs: %s%n", adapter, kind.name().toLowerCase(Locale.ROOT), minimumUses, median().micros(), warmups,
          String.join("; ", costs.stream().map(MissCost::shown).toList()));
    }
  }

  private MissCost cpuPerMiss(LoadGenerator load, MissServer server, Supplier<String> neverSeen) throws Exception {
    ServerCpu before = ServerCpu.of(server.process.toHandle());
    LoadGenerator.Result result = load.run(server.base, neverSeen, connections, duration, (requests, errors) -> { });
    ServerCpu used = ServerCpu.of(server.process.toHandle()).minus(before);
    if (result.errors() != 0) {
      return new MissCost(Double.NaN, Double.NaN, result.errors() + " errors");
    }
    double micros = perRequest(used.serving(), result);
    double gc = perRequest(used.gc(), result);
    return new MissCost(micros, gc, String.format(Locale.ROOT, "%.1f (threads %.1f, GC %.1f, JIT %.1f)", micros,
        perRequest(used.requestThreads(), result), gc, perRequest(used.jit(), result)));
  }

  /**
   * Runs the warm-up load until the server's JIT compiler used under {@value #SETTLED_JIT_PERCENT}% of its
   * CPU in one warm-up, at most {@value #MOST_WARMUPS} times; returns how many warm-ups ran.
   */
  private int warmUntilCompiled(LoadGenerator load, URI base, Supplier<String> paths, ProcessHandle server)
      throws InterruptedException {
    for (int warmup = 1; ; warmup++) {
      ServerCpu before = ServerCpu.of(server);
      load.run(base, paths, connections, this.warmup, (requests, errors) -> { });
      ServerCpu used = ServerCpu.of(server).minus(before);
      long all = used.serving().plus(used.jit()).toNanos();
      if (warmup == MOST_WARMUPS || used.jit().toNanos() * 100 < all * SETTLED_JIT_PERCENT) {
        return warmup;
      }
    }
  }

  private static double perRequest(Duration cpu, LoadGenerator.Result result) {
    return cpu.toNanos() / 1000.0 / result.requests();
  }

  private double measure(LoadGenerator load, String adapter, HarnessTarget.Kind kind, String workload, boolean pin)
      throws Exception {
    Process server = startTarget(adapter, kind, pin);
    try {
      return median(load, URI.create("http://127.0.0.1:" + awaitReady(server)), adapter, workload,
          kind.name().toLowerCase(Locale.ROOT));
    } finally {
      stop(server);
    }
  }

  /** nginx's proxy_cache in front of the no-cache server, when nginx is installed. */
  private Optional<Double> nginx(LoadGenerator load, String adapter, String workload, boolean pin) throws Exception {
    Optional<Path> binary = NginxPeer.binary();
    if (binary.isEmpty()) {
      System.out.println("  nginx is not installed: skipping the proxy_cache comparison (apt-get install nginx)");
      return Optional.empty();
    }
    Process upstream = startTarget(adapter, HarnessTarget.Kind.NOCACHE, pin);
    try (NginxPeer nginx = NginxPeer.start(binary.get(), awaitReady(upstream), pin)) {
      return Optional.of(median(load, URI.create("http://127.0.0.1:" + nginx.port()), adapter, workload, "nginx"));
    } finally {
      stop(upstream);
    }
  }

  private double median(LoadGenerator load, URI base, String adapter, String workload, String target)
      throws InterruptedException, java.io.IOException {
    int pages = workload.equals("hot") ? 1 : 1000;
    double[] throughputs = new double[runs];
    if (wrk.isPresent()) {
      wrk.get().run(base, LoadGenerator.zipfPages(pages, 1.1), connections, warmup);
      for (int run = 0; run < runs; run++) {
        throughputs[run] = wrk.get().run(base, LoadGenerator.zipfPages(pages, 1.1), connections, duration);
      }
    } else {
      load.run(base, pages, 1.1, connections, warmup, (requests, errors) -> { });
      for (int run = 0; run < runs; run++) {
        LoadGenerator.Result result = load.run(base, pages, 1.1, connections, duration, (requests, errors) -> { });
        throughputs[run] = result.errors() == 0 ? result.throughput() : 0;
      }
    }
    Arrays.sort(throughputs);
    double median = throughputs[runs / 2];
    System.out.printf(Locale.ROOT, "  %-6s %-5s %-9s median %,10.0f req/s of %s%n", adapter, workload, target,
        median, Arrays.toString(throughputs));
    return median;
  }

  private static void stop(Process server) throws Exception {
    server.getOutputStream().close();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }

  private static Process startTarget(String adapter, HarnessTarget.Kind kind, boolean pin, String... options)
      throws Exception {
    List<String> command = new ArrayList<>();
    if (pin) {
      command.addAll(List.of("taskset", "-c", "0"));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SurgeDemo.class.getName(),
        "harness-target", "--adapter", adapter, "--kind", kind.name()));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int awaitReady(Process server) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("READY ")) {
        return Integer.parseInt(line.substring("READY ".length()).trim());
      }
    }
    throw new IllegalStateException("the harness server exited before it was ready");
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
