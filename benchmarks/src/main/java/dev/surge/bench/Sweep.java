package dev.surge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The harness's sweeps on one adapter: what a Surge hit costs against the same stack's limit ({@link
 * HarnessTarget.Kind#PREBUILT}: each page built once, looked up by path and written with a hit's fields) as the
 * working set grows (pages of about 2 KB, Zipf 1.1 and uniform) and as the hot page grows, at each connection
 * count given. Both servers serve every point: they start once with every page, are filled (each page asked
 * for twice, so that every measured request is a hit even with {@code minimumUses=2}), are warmed up until
 * their JIT settles (unless the warm-up is zero), and are then measured point by point in turns, as the hit rows are; each ratio is the
 * median of the ratios within one turn. The Surge server's renders during a point's runs are counted and
 * shown: none means that every measured request was a hit.
 */
final class Sweep {

  /** Fills run on this many threads. */
  private static final int FILLERS = 8;

  /**
   * One point of a sweep: on the {@code working set} axis, {@code pages} wiki pages drawn by {@code draw}; on the
   * {@code body} axis, the one body-size page of about {@code bodyBytes} bytes.
   */
  record Point(String axis, PathDraw draw, int pages, int bodyBytes) {

    static Point workingSet(PathDraw draw, int pages) {
      return new Point(WORKING_SET, draw, pages, 0);
    }

    static Point body(int bytes) {
      return new Point(BODY, PathDraw.only(SweepSite.sizedPath(bytes)), 1, bytes);
    }

    /** Where the point sits on its axis: pages or bytes. */
    double x() {
      return axis.equals(WORKING_SET) ? pages : bodyBytes;
    }

    /** As the tables show it, e.g. {@code zipf 10,000 pages} or {@code hot 256 KB}. */
    String name() {
      return axis.equals(WORKING_SET)
          ? String.format(Locale.ROOT, "%s %,d page%s", draw.label(), pages, pages == 1 ? "" : "s")
          : String.format(Locale.ROOT, "hot %s", bytes(bodyBytes));
    }
  }

  static final String WORKING_SET = "working set";
  static final String BODY = "body";

  /**
   * One measured point: the servers' median throughputs, the median ratio within a turn, each server's p99
   * latency over all its runs, and how many pages the Surge server rendered while measured.
   */
  record Result(String adapter, Point point, int connections, double limit, double surge, double ratio,
      long limitP99Micros, long surgeP99Micros, long surgeRenders) {

    String line() {
      return String.format(Locale.ROOT, "%-6s %-22s %5d conns   limit %,9.0f r/s   surge %,9.0f r/s   surge/limit"
              + " %.2f   p99 limit %,6d us, surge %,6d us (%.2f)   renders while measured %d", adapter,
          point.name(), connections, limit, surge, ratio, limitP99Micros, surgeP99Micros,
          (double) surgeP99Micros / Math.max(1, limitP99Micros), surgeRenders);
    }
  }

  /** The points of the working-set sweep ({@code pages} at each size, 1 being the hot page) and the body sweep. */
  static List<Point> points(List<Integer> workingSets, List<Integer> bodies) {
    List<Point> points = new ArrayList<>();
    for (int pages : workingSets) {
      if (pages == 1) {
        points.add(Point.workingSet(PathDraw.only(WikiSite.PREFIX + 0), 1));
      } else {
        points.add(Point.workingSet(PathDraw.zipf(pages, 1.1), pages));
        points.add(Point.workingSet(PathDraw.uniform(pages), pages));
      }
    }
    bodies.forEach(bytes -> points.add(Point.body(bytes)));
    return List.copyOf(points);
  }

  private final Harness harness;
  private final LoadGenerator load;

  Sweep(Harness harness, LoadGenerator load) {
    this.harness = harness;
    this.load = load;
  }

  /** Measures {@code points} at each of {@code connectionCounts} on {@code adapter}; prints a line per point. */
  List<Result> run(String adapter, List<Point> points, List<Integer> connectionCounts, boolean pin)
      throws Exception {
    int pages = points.stream().mapToInt(Point::pages).max().orElse(1);
    String[] options = {"--sweep", "--pages", Integer.toString(pages), "--ttl", Harness.HIT_ROW_TTL.toString()};
    List<Contender<Double>> servers = new ArrayList<>();
    try {
      servers.add(harness.startEach(() -> RunningTarget.start("limit", adapter, HarnessTarget.Kind.PREBUILT, pin,
          options)));
      servers.add(harness.startEach(() -> RunningTarget.start("surge", adapter, HarnessTarget.Kind.SURGE, pin,
          options)));
      List<String> everyPath = new ArrayList<>();
      IntStream.range(0, pages).mapToObj(page -> WikiSite.PREFIX + page).forEach(everyPath::add);
      points.stream().filter(point -> point.axis().equals(BODY))
          .forEach(point -> everyPath.add(SweepSite.sizedPath(point.bodyBytes())));
      for (Contender<Double> server : servers) {
        for (RunningTarget target : server.targets) {
          fill(target.base(), everyPath);
          fill(target.base(), everyPath);
          if (harness.warmup.isZero()) {
            continue;
          }
          server.warmups.add(Harness.warmUntilCompiled(() -> harness.throughput(load, target.base(),
              PathDraw.zipf(Math.min(pages, 1000), 1.1), Map.of(), connectionCounts.get(0), harness.warmup),
              target.process()));
        }
      }
      System.out.printf(Locale.ROOT, "  %-6s sweep: %,d paths filled twice per server; warm-ups %s / %s%n",
          adapter, everyPath.size(), servers.get(0).warmups, servers.get(1).warmups);
      List<Result> results = new ArrayList<>();
      for (int connections : connectionCounts) {
        for (Point point : points) {
          Result result = measure(adapter, point, connections, servers.get(0).targets, servers.get(1).targets);
          System.out.println("  " + result.line());
          results.add(result);
        }
      }
      return results;
    } finally {
      Harness.closeAll(servers);
    }
  }

  /** One point in {@link Harness#runs} turns of a wake-up and a measured run per process of each server. */
  private Result measure(String adapter, Point point, int connections, List<RunningTarget> limitTargets,
      List<RunningTarget> surgeTargets) throws Exception {
    Contender<Double> limit = new Contender<>(limitTargets);
    Contender<Double> surge = new Contender<>(surgeTargets);
    long rendersBefore = renders(surgeTargets);
    for (int turn = 0; turn < harness.runs; turn++) {
      for (Contender<Double> server : List.of(limit, surge)) {
        double[] perProcess = new double[server.targets.size()];
        for (int i = 0; i < perProcess.length; i++) {
          URI base = server.targets.get(i).base();
          harness.throughput(load, base, point.draw(), Map.of(), connections, harness.wakeUp);
          Harness.Measured run = harness.throughput(load, base, point.draw(), Map.of(), connections,
              harness.duration);
          perProcess[i] = run.requestsPerSecond();
          server.latencyMicros.add(run.latencyMicros());
        }
        server.runs.add(Contender.middle(perProcess));
      }
    }
    return new Result(adapter, point, connections, limit.median(Double::doubleValue),
        surge.median(Double::doubleValue), surge.medianRatioTo(limit, Double::doubleValue),
        limit.latencyMicros.getValueAtPercentile(99), surge.latencyMicros.getValueAtPercentile(99),
        renders(surgeTargets) - rendersBefore);
  }

  private static long renders(List<RunningTarget> targets) throws Exception {
    long renders = 0;
    for (RunningTarget target : targets) {
      renders += target.counts().renders();
    }
    return renders;
  }

  /** Asks {@code base} for each of {@code paths} once, on {@value #FILLERS} threads; each must answer 200. */
  static void fill(URI base, List<String> paths) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService fillers = Executors.newFixedThreadPool(FILLERS);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < FILLERS; i++) {
        done.add(fillers.submit(() -> {
          for (int path = next.getAndIncrement(); path < paths.size(); path = next.getAndIncrement()) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(paths.get(path)))
                .timeout(Duration.ofSeconds(30)).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
              throw new IllegalStateException(paths.get(path) + " answered " + status);
            }
          }
          return null;
        }));
      }
      for (Future<?> filler : done) {
        filler.get();
      }
    } finally {
      fillers.shutdownNow();
    }
  }

  /** {@code bytes} as the tables show it: 2 KB, 256 KB, 1 MB. */
  static String bytes(long bytes) {
    return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
  }
}
