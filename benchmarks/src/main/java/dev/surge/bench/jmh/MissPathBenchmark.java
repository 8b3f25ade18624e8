package dev.surge.bench.jmh;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The core's whole miss path for a URL never seen before, as an adapter drives it: lookup, then the
 * finished 2 KB page offered to the store (policy checks, stored headers, ETag, the put; the store is
 * recycled before it fills), and the same miss while the store is full, where a URL asked for once is not copied.
 * Against {@link #baseline}, which builds the same request and capture without the cache, it
 * gives the cache's own CPU per miss; run with {@code -prof gc} for its allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MissPathBenchmark {

  private static final byte[] PAGE = new byte[2048];
  private static final CapturedResponse STATUS_ONLY = CapturedResponse.builder().status(200).build();

  private PipelineStep step;
  private PipelineStep fullStep;
  private long next;

  @Setup
  public void setUp() {
    // recycled before it fills (16,384 entries of about 2.3 KB), so that every new URL is copied and stored
    step = HttpCache.builder().defaultTtl(Duration.ofMinutes(1)).recycleAfterRequests(16_384).build().step();
    fullStep = HttpCache.builder().defaultTtl(Duration.ofMinutes(1)).recycleAfterRequests(Long.MAX_VALUE)
        .maximumBytes(ByteSize.ofMegabytes(1)).maximumEntryBytes(ByteSize.ofKilobytes(64)).build().step();
    for (int page = 0; page < 1_000; page++) { // each asked for twice: stored until the store is full
      for (int ask = 0; ask < 2; ask++) {
        if (fullStep.before(BenchRequest.get("/filler-" + page)) instanceof PipelineStep.Proceed proceed) {
          fullStep.completed(proceed.exchange(), renderedPage());
        }
      }
    }
  }

  private BenchRequest freshRequest() {
    BenchRequest request = BenchRequest.get("/wiki/page-" + (next % 1000));
    return new BenchRequest(request.method(), request.path(), Optional.of("miss=" + next++), request.fields());
  }

  private static CapturedResponse renderedPage() {
    return rendered(PAGE);
  }

  /** A finished 200 HTML response with {@code page} as its body, as an adapter captures it. */
  static CapturedResponse rendered(byte[] page) {
    return CapturedResponse.builder().status(200)
        .header("Content-Type", "text/html;charset=utf-8")
        .header("Content-Length", Integer.toString(page.length))
        .body(page)
        .build();
  }

  /** Building the request view and the capture alone: what any adapter pays without a cache. */
  @Benchmark
  public Object baseline() {
    return new Object[] {freshRequest(), renderedPage()};
  }

  /**
   * A miss of a new URL while the store is full: asked for once, so it is neither copied nor stored, and
   * the adapter reports only its status.
   */
  @Benchmark
  public Object missNotCopied() {
    PipelineStep.Exchange exchange = ((PipelineStep.Proceed) fullStep.before(freshRequest())).exchange();
    fullStep.completed(exchange, STATUS_ONLY);
    return exchange;
  }

  /** A miss of a new URL, rendered and stored. */
  @Benchmark
  public Object missAndStore() {
    PipelineStep.Exchange exchange = ((PipelineStep.Proceed) step.before(freshRequest())).exchange();
    step.completed(exchange, renderedPage());
    return exchange;
  }
}
