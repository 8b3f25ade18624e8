package dev.surge.bench;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fleet surge: three application instances, each in its own JVM, serving the demo's wiki behind Surge and
 * wired to one {@code redis-server} of its own on loopback, meet a Zipf surge sent round-robin to them, from cold,
 * once per configuration of what they share ({@link FleetConfiguration}): fresh processes and a fresh Redis
 * namespace each time. Reports, per configuration, the renders per page across the fleet, throughput, latency,
 * errors and answers that were not the page asked for, as a markdown table. Everything runs on 127.0.0.1 and
 * everything it starts is stopped before it returns.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = "Fires a Zipf surge at three Surge instances (separate JVMs) sharing one local redis-server:"
        + " purge fan-out only, shared tier, shared tier + fleet-wide collapsing, and that with Redis killed"
        + " halfway; reports renders per page across the fleet, throughput, latency, errors and wrong pages.")
final class FleetSurge implements Callable<Integer> {

  /** Application instances in the fleet. */
  static final int INSTANCES = 3;

  @Option(names = "--duration", defaultValue = "PT5S",
      description = "Load per configuration and run, from cold (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--connections", defaultValue = "64",
      description = "Concurrent connections over the fleet, each with one request in flight."
          + " Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--runs", defaultValue = "3",
      description = "Runs of every configuration (median). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--pages", defaultValue = "3000", description = "Pages in the wiki. Default: ${DEFAULT-VALUE}.")
  int pages;

  @Option(names = "--zipf", defaultValue = "1.1",
      description = "Zipf exponent of page popularity (the demo's). Default: ${DEFAULT-VALUE}.")
  double zipf;

  @Option(names = "--configurations", split = ",", defaultValue = "purges,shared,collapsing,redis_killed",
      converter = ConfigurationName.class,
      description = "Configurations to measure, in order: purges, shared, collapsing, redis_killed. Ratios are to"
          + " purges, when measured. Default: ${DEFAULT-VALUE}.")
  List<FleetConfiguration> configurations;

  @Option(names = "--shared-tier-timeout",
      description = "How long a shared-tier lookup may take before the instance renders (ISO-8601). Default: the"
          + " cache-redis default (50 ms).")
  Optional<Duration> sharedTierTimeout;

  @Option(names = "--redis-server", defaultValue = "redis-server",
      description = "The redis-server binary, a path or a name on the PATH. Default: ${DEFAULT-VALUE}.")
  String redisServer;

  @Option(names = "--out", description = "Also write the table (with the settings) to this markdown file.")
  Path out;

  private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    System.out.println("Fleet surge: " + settings());
    List<List<FleetRun>> rounds = run();
    String table = FleetTable.markdown(rounds);
    System.out.println();
    System.out.print(table);
    if (out != null) {
      Files.writeString(out, "Fleet surge, " + LocalDate.now() + ": " + settings() + "\n\n" + table);
      System.out.println("\nTable written to " + out.toAbsolutePath());
    }
    long failures = rounds.stream().flatMap(List::stream).mapToLong(run -> run.errors() + run.wrongPages()).sum();
    if (failures != 0) {
      System.out.printf(Locale.ROOT, "%n%,d requests were answered with an error or the wrong page: see the table.%n",
          failures);
    }
    return failures == 0 ? 0 : 1;
  }

  /** Every configuration once per run, in order; each round is one run of each. */
  List<List<FleetRun>> run() throws Exception {
    if (runs < 1 || configurations.isEmpty() || pages < 1 || connections < 1) {
      throw new IllegalArgumentException("--runs, --pages and --connections must be at least 1, with a configuration");
    }
    List<List<FleetRun>> rounds = new ArrayList<>();
    try (RedisProcess redis = RedisProcess.start(redisServer); LoadGenerator load = new LoadGenerator()) {
      for (int round = 1; round <= runs; round++) {
        List<FleetRun> measured = new ArrayList<>();
        for (FleetConfiguration configuration : configurations) {
          redis.restartIfDead();
          String namespace = "fleet-" + round + "-" + configuration.name().toLowerCase(Locale.ROOT);
          FleetRun run = measure(load, redis, configuration, namespace);
          System.out.printf(Locale.ROOT, "  run %d/%d %-36s %,9d requests %,7.0f req/s %5.2f renders/page"
                  + " %,d errors %,d wrong pages%n", round, runs, configuration.label(), run.requests(),
              run.throughput(), run.rendersPerPage(), run.errors(), run.wrongPages());
          measured.add(run);
        }
        rounds.add(List.copyOf(measured));
      }
    }
    return List.copyOf(rounds);
  }

  private FleetRun measure(LoadGenerator load, RedisProcess redis, FleetConfiguration configuration,
      String namespace) throws Exception {
    List<RunningTarget> instances = startInstances(redis, configuration, namespace);
    try {
      List<URI> bases = instances.stream().map(RunningTarget::base).toList();
      BitSet requested = new BitSet(pages);
      Supplier<String> zipfPages = LoadGenerator.zipfPages(pages, zipf);
      Supplier<String> paths = () -> {
        String path = zipfPages.get();
        requested.set(pageOf(path));
        return path;
      };
      ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
      LoadGenerator.Result result;
      try {
        Future<?> kill = configuration.redisKilled()
            ? killer.schedule(() -> {
                redis.kill();
                return null;
              }, duration.toMillis() / 2, TimeUnit.MILLISECONDS)
            : null;
        result = load.run(bases, paths, FleetSurge::isPageAskedFor, connections, Duration.ZERO, duration,
            (requests, errors) -> { });
        if (kill != null) {
          kill.get(); // fails here if Redis could not be killed
        }
      } finally {
        killer.shutdownNow();
      }
      FleetCounts counts = FleetCounts.none(pages);
      for (RunningTarget instance : instances) {
        counts = counts.plus(countsOf(instance));
      }
      return FleetRun.of(configuration, result, counts, requested);
    } finally {
      closeAll(instances);
    }
  }

  /** The fleet's instances, started at once; if one fails to start, those that did are stopped. */
  private List<RunningTarget> startInstances(RedisProcess redis, FleetConfiguration configuration, String namespace)
      throws Exception {
    List<String> arguments = new ArrayList<>(List.of("fleet-instance", "--redis", redis.uri(), "--namespace",
        namespace, "--sharing", configuration.sharing().name(), "--pages", Integer.toString(pages)));
    sharedTierTimeout.ifPresent(timeout -> arguments.addAll(List.of("--shared-tier-timeout", timeout.toString())));
    ExecutorService starter = Executors.newFixedThreadPool(INSTANCES);
    List<Future<RunningTarget>> starts = new ArrayList<>();
    try {
      for (int instance = 1; instance <= INSTANCES; instance++) {
        String label = "instance-" + instance;
        starts.add(starter.submit(() -> RunningTarget.subcommand(label, arguments)));
      }
      List<RunningTarget> started = new ArrayList<>();
      Exception failure = null;
      for (Future<RunningTarget> start : starts) {
        try {
          started.add(start.get());
        } catch (Exception failed) {
          failure = failed;
        }
      }
      if (failure != null) {
        closeAll(started);
        throw failure;
      }
      return List.copyOf(started);
    } finally {
      starter.shutdown();
    }
  }

  /** The instance's counts, from its admin path (asked with {@code no-store}: never a cached answer). */
  private FleetCounts countsOf(RunningTarget instance) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(instance.base().resolve(FleetAdminSource.PATH))
        .header("Cache-Control", "no-store").timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = admin.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(instance.label() + " answered its counts with " + response.statusCode());
    }
    return FleetCounts.parse(response.body());
  }

  private static void closeAll(List<RunningTarget> instances) throws Exception {
    Exception failure = null;
    for (RunningTarget instance : instances) {
      try {
        instance.close();
      } catch (Exception failed) {
        failure = failed;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether {@code body} is the page {@code path} asked for: its title names that page. */
  static boolean isPageAskedFor(String path, Buffer body) {
    String start = body.getString(0, Math.min(body.length(), WikiSite.TITLE_WITHIN));
    return start.contains(WikiSite.title(pageOf(path)));
  }

  private static int pageOf(String path) {
    return Integer.parseInt(path.substring(WikiSite.PREFIX.length()));
  }

  private String settings() {
    return String.format(Locale.ROOT, "%d instances (separate JVMs) + 1 redis-server, %d pages, Zipf %.2f, %d"
        + " connections round-robin, %s of load per configuration from cold, %d run(s) (median),%s %d cores, Java %s",
        INSTANCES, pages, zipf, connections, readable(duration), runs,
        sharedTierTimeout.map(timeout -> " shared-tier timeout " + readable(timeout) + ",").orElse(""),
        Runtime.getRuntime().availableProcessors(), Runtime.version());
  }

  /** {@code 5s}, {@code 1m30s}: a duration as people write it. */
  private static String readable(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** Reads a configuration by its name in any case: {@code purges}, {@code redis_killed}. */
  static final class ConfigurationName implements picocli.CommandLine.ITypeConverter<FleetConfiguration> {
    @Override
    public FleetConfiguration convert(String name) {
      return FleetConfiguration.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
