package dev.surge.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A closed-loop HTTP load on loopback: {@code connections} requests in flight at all times, each followed at
 * once by the next, for a fixed time, picking pages from a Zipf distribution (a hot head, a long tail).
 * Latency is recorded in an HdrHistogram, one interval per second, so a run tells its throughput and latency
 * second by second as well as in total. Requests go to one server, or round-robin to several under the first
 * one's name (as a load balancer in front of a fleet passes on its public {@code Host}); a check of the body,
 * when given, counts the answers that are not the page asked for. Bounded by its duration; it only ever
 * targets the given loopback URIs.
 */
final class LoadGenerator implements AutoCloseable {

  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The last interval of a run (the drain of the requests in flight) is left off the timeline when shorter. */
  private static final long SHORTEST_SHOWN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Takes every body as the right one: only the status of an answer is checked. */
  static final BiPredicate<String, Buffer> ANY_BODY = (path, body) -> true;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));

  /**
   * What one run measured: in total after the warm-up, and second by second from the start.
   *
   * @param requests requests answered after the warm-up
   * @param errors failed requests or non-200 answers after the warm-up
   * @param wrongPages 200 answers after the warm-up whose body failed the run's check (not among the errors)
   * @param elapsed the time from the end of the warm-up to the last answer
   * @param latencyMicros the latencies of the requests answered after the warm-up
   * @param warmup the time from the start to the end of the warm-up (the requested warm-up, give or take a tick)
   * @param seconds throughput and p99 latency second by second from the start, the warm-up included
   */
  record Result(long requests, long errors, long wrongPages, Duration elapsed, Histogram latencyMicros,
      Duration warmup, List<SecondOfLoad> seconds) {
    double throughput() {
      return requests / (elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Fires the load at {@code base}, Zipf over {@code pages}, for {@code warmup} and then {@code duration}
   * without a pause between them; {@code progress} is told when the measurement starts and then the count
   * every second.
   */
  Result run(URI base, int pages, double zipfExponent, int connections, Duration warmup, Duration duration,
      Progress progress) throws InterruptedException {
    return run(base, zipfPages(pages, zipfExponent), connections, warmup, duration, progress);
  }

  /** Wiki page paths drawn from a Zipf distribution over {@code pages} pages, with a fixed seed. */
  static Supplier<String> zipfPages(int pages, double zipfExponent) {
    UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    DiscreteSampler zipf = RejectionInversionZipfSampler.of(random, pages, zipfExponent);
    return () -> WikiSite.PREFIX + (zipf.sample() - 1);
  }

  /** As {@link #run(URI, Supplier, int, Duration, Duration, Progress)} without a warm-up. */
  Result run(URI base, Supplier<String> paths, int connections, Duration duration, Progress progress)
      throws InterruptedException {
    return run(base, paths, connections, Duration.ZERO, duration, progress);
  }

  /**
   * Fires the load at {@code base} for {@code warmup} and then {@code duration}, each request for the next of
   * {@code paths} (called from one thread at a time); {@code progress} is told when the measurement starts and
   * then the count every second.
   */
  Result run(URI base, Supplier<String> paths, int connections, Duration warmup, Duration duration,
      Progress progress) throws InterruptedException {
    return run(List.of(base), paths, ANY_BODY, connections, warmup, duration, progress);
  }

  /**
   * As {@link #run(URI, Supplier, int, Duration, Duration, Progress)}, sending the requests round-robin to
   * {@code bases} (each request to the next server, every one with the first base's {@code Host}) and counting
   * each 200 answer whose body fails {@code rightPage} (given the path asked for and the body) as a wrong page.
   */
  Result run(List<URI> bases, Supplier<String> paths, BiPredicate<String, Buffer> rightPage, int connections,
      Duration warmup, Duration duration, Progress progress) throws InterruptedException {
    return run(bases, paths, Map.of(), rightPage, connections, warmup, duration, progress);
  }

  /**
   * As {@link #run(URI, Supplier, int, Duration, Progress)}, every request carrying the header fields {@code
   * headers}; the bodies are taken as they come, never decoded.
   */
  Result run(URI base, Supplier<String> paths, Map<String, String> headers, int connections, Duration duration,
      Progress progress) throws InterruptedException {
    return run(List.of(base), paths, headers, ANY_BODY, connections, Duration.ZERO, duration, progress);
  }

  private Result run(List<URI> bases, Supplier<String> paths, Map<String, String> headers,
      BiPredicate<String, Buffer> rightPage, int connections, Duration warmup, Duration duration, Progress progress)
      throws InterruptedException {
    for (URI base : bases) {
      if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
        throw new IllegalArgumentException("load is only ever sent to loopback, not " + base);
      }
    }
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    Supplier<String> nextPage = paths;
    Targets targets = new Targets(bases, headers, rightPage);
    Recorder recorder = new Recorder(3);
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    long measureFrom = started + warmup.toNanos();
    long deadline = measureFrom + duration.toNanos();
    CountDownLatch finished = new CountDownLatch(connections);
    if (warmup.isZero()) {
      progress.measurementStarts();
    }
    for (int i = 0; i < connections; i++) {
      vertx.runOnContext(ignored -> loop(client, targets, nextPage, recorder, requests, errors, deadline, finished));
    }
    Histogram measured = new Histogram(3);
    List<SecondOfLoad> seconds = new ArrayList<>();
    boolean measuring = warmup.isZero();
    long measuredSince = started;
    long requestsBefore = 0;
    long errorsBefore = 0;
    long wrongBefore = 0;
    long intervalStart = started;
    long nextSecond = started + SECOND_NANOS;
    boolean done = false;
    while (!done) {
      long wake = measuring ? nextSecond : Math.min(nextSecond, measureFrom);
      done = finished.await(wake - System.nanoTime(), TimeUnit.NANOSECONDS);
      long now = System.nanoTime();
      Histogram interval = recorder.getIntervalHistogram();
      if (measuring) {
        measured.add(interval);
        progress.tick(requests.get() - requestsBefore, errors.get() - errorsBefore);
      }
      if (!done || now - intervalStart >= SHORTEST_SHOWN_INTERVAL_NANOS) {
        seconds.add(SecondOfLoad.of(interval, started, intervalStart, now));
      }
      intervalStart = now;
      while (nextSecond <= now) {
        nextSecond += SECOND_NANOS;
      }
      if (!measuring && now >= measureFrom) {
        measuring = true;
        measuredSince = now;
        requestsBefore = requests.get();
        errorsBefore = errors.get();
        wrongBefore = targets.wrongPages.get();
        progress.measurementStarts();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - measuredSince);
    client.close();
    return new Result(requests.get() - requestsBefore, errors.get() - errorsBefore,
        targets.wrongPages.get() - wrongBefore, elapsed, measured,
        Duration.ofNanos(measuredSince - started), List.copyOf(seconds));
  }

  private void loop(HttpClientAgent client, Targets targets, Supplier<String> nextPage, Recorder recorder,
      AtomicLong requests, AtomicLong errors, long deadline, CountDownLatch finished) {
    if (System.nanoTime() >= deadline) {
      finished.countDown();
      return;
    }
    long start = System.nanoTime();
    String path;
    synchronized (nextPage) { // the sampler is not thread-safe; the load runs on one event loop anyway
      path = nextPage.get();
    }
    client.request(targets.next(path))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> targets.isOk(path, response.statusCode(), body)))
        .onComplete(outcome -> {
          recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
          requests.incrementAndGet();
          if (outcome.failed() || !outcome.result()) {
            errors.incrementAndGet();
          }
          loop(client, targets, nextPage, recorder, requests, errors, deadline, finished);
        });
  }

  /** The servers of one run, taken in turn, and the check of their answers. */
  private static final class Targets {
    private final List<URI> bases;
    private final Map<String, String> headers;
    private final BiPredicate<String, Buffer> rightPage;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong wrongPages = new AtomicLong();

    Targets(List<URI> bases, Map<String, String> headers, BiPredicate<String, Buffer> rightPage) {
      if (bases.isEmpty()) {
        throw new IllegalArgumentException("no server to send the load to");
      }
      this.bases = List.copyOf(bases);
      this.headers = Map.copyOf(headers);
      this.rightPage = rightPage;
    }

    /** A GET of {@code path} with the run's header fields from the next server in turn, named as the first server. */
    RequestOptions next(String path) {
      URI base = bases.get((int) (sent.getAndIncrement() % bases.size()));
      URI name = bases.get(0);
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(base.getPort(), base.getHost()))
          .setHost(name.getHost()).setPort(name.getPort()).setURI(path);
      headers.forEach(request::putHeader);
      return request;
    }

    /** Whether the answer is a 200; a 200 with a body that is not the page asked for is counted apart. */
    boolean isOk(String path, int status, Buffer body) {
      if (status != 200) {
        return false;
      }
      if (!rightPage.test(path, body)) {
        wrongPages.incrementAndGet();
      }
      return true;
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Told when the measurement starts, after the warm-up, and then the running totals about once a second. */
  interface Progress {
    void tick(long requests, long errors);

    /** Called once, when the warm-up ends, before the first {@link #tick}. */
    default void measurementStarts() {}
  }
}
