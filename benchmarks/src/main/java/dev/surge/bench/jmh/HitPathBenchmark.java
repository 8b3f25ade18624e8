package dev.surge.bench.jmh;

import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The core's whole hit path as an adapter drives it: request view to lookup to the answer written into a
 * sink (headers and body), and the derivation of a 304. Run with {@code -prof gc} for allocation per hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitPathBenchmark {

  private PipelineStep step;
  private BenchRequest request;
  private BenchRequest conditional;
  private CachedResponse stored;
  private final java.time.Instant now = java.time.Instant.now();

  @Setup
  public void setUp() {
    HttpCache cache = HttpCache.builder().defaultTtl(Duration.ofHours(1)).maximumTtl(Duration.ofHours(1))
        .recycleAfterRequests(Long.MAX_VALUE).recycleAfter(Duration.ofDays(1)).build();
    step = cache.step();
    request = BenchRequest.get("/wiki/page-1");
    PipelineStep.Exchange miss = ((PipelineStep.Proceed) step.before(request)).exchange();
    step.completed(miss, CapturedResponse.builder().status(200).header("Content-Type", "text/html;charset=utf-8")
        .body(new byte[2048]).build());
    stored = ((PipelineStep.Answer) step.before(request)).response();
    conditional = request.with("If-None-Match", stored.etag().orElseThrow());
  }

  /** Lookup of a stored page and writing it out. */
  @Benchmark
  public void hit(Blackhole sink) throws IOException {
    CachedResponse answer = ((PipelineStep.Answer) step.before(request)).response();
    sink.consume(answer.status());
    answer.headers().forEach((name, value) -> {
      sink.consume(name);
      sink.consume(value);
    });
    answer.writeBodyTo(new BlackholeStream(sink));
  }

  /** Lookup of a stored page for a conditional request that gets a 304. */
  @Benchmark
  public Object conditionalHit() {
    return step.before(conditional);
  }

  /** Deriving the 304 view alone. */
  @Benchmark
  public CachedResponse notModifiedView() {
    return stored.notModifiedView(now);
  }

  /** An output stream that hands what it gets to JMH's blackhole. */
  private static final class BlackholeStream extends OutputStream {
    private final Blackhole sink;

    BlackholeStream(Blackhole sink) {
      this.sink = sink;
    }

    @Override
    public void write(int oneByte) {
      sink.consume(oneByte);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      sink.consume(bytes);
      sink.consume(length);
    }
  }
}
