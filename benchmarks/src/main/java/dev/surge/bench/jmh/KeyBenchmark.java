package dev.surge.bench.jmh;

import dev.surge.cache.CachePolicy;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RequestDecision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Admitting a typical browser GET: validating it and building its structured key. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyBenchmark {

  private final CachePolicy policy = HttpCache.builder().build().policy();
  private final BenchRequest request = BenchRequest.get("/wiki/page-1234");

  /** The policy's first decision, key included. */
  @Benchmark
  public RequestDecision admit() {
    return policy.admit(request);
  }
}
