package dev.surge.bench.jmh;

import dev.surge.cache.CachePolicy;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.internal.LeakGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The leak guard's cost for a browser request carrying three cookies (an analytics id, a short preference and
 * a 32-character remember-me token, none of them in the page) and a 2 KB HTML page: the guard searches the
 * body once per cookie value of 8 or more characters (two here). Measured alone ({@link #find}, and {@link
 * #findWithoutCookies}: three header look-ups), in the policy's store decision, and on the whole miss path of
 * {@link MissPathBenchmark#missAndStore} (a new URL rendered and stored), each with the guard on and off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LeakGuardBenchmark {

  private static final String COOKIES =
      "_ga=GA1.2.1839274650.1764115200; theme=dark; remember_me=9f2c4e7a1b3d5f608e6a4c2b0d9f7e5a";
  private static final byte[] PAGE = page();
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private final BenchRequest withCookies = BenchRequest.get("/wiki/page-1").with("Cookie", COOKIES);
  private final BenchRequest withoutCookies = BenchRequest.get("/wiki/page-1");
  private final CapturedResponse rendered = rendered();

  /** A cache with the guard on or off. */
  @State(Scope.Benchmark)
  public static class Guarded {
    @Param({"true", "false"})
    public boolean leakGuard;

    PipelineStep step;
    CachePolicy policy;
    long next;

    @Setup
    public void setUp() {
      HttpCache cache = HttpCache.builder().defaultTtl(Duration.ofMinutes(1)).recycleAfterRequests(Long.MAX_VALUE)
          .leakGuard(leakGuard).build();
      step = cache.step();
      policy = cache.policy();
    }

    BenchRequest freshRequest() {
      BenchRequest request = BenchRequest.get("/wiki/page-" + (next % 1000)).with("Cookie", COOKIES);
      return new BenchRequest(request.method(), request.path(), Optional.of("miss=" + next++), request.fields());
    }
  }

  /** A 2 KB page of ordinary HTML text. */
  private static byte[] page() {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Wiki</title></head><body>");
    int paragraph = 0;
    while (html.length() < 2048 - 20) {
      html.append("<p>Paragraph ").append(paragraph++)
          .append(" of the page, with links to <a href=\"/wiki/page-").append(paragraph).append("\">more</a>.</p>");
    }
    html.setLength(2048 - 14);
    return html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static CapturedResponse rendered() {
    return MissPathBenchmark.rendered(PAGE);
  }

  /** The guard alone: two body searches. */
  @Benchmark
  public Object find() {
    return LeakGuard.find(withCookies, PAGE);
  }

  /** The guard alone for a request without cookies or authorization. */
  @Benchmark
  public Object findWithoutCookies() {
    return LeakGuard.find(withoutCookies, PAGE);
  }

  /** The policy's decision to store the page (headers, ETag, lifetime; and the guard when on). */
  @Benchmark
  public Object onResponse(Guarded cache) {
    return cache.policy.onResponse(NOW, withCookies, rendered);
  }

  /** A miss of a new URL by a request with three cookies, rendered and stored. */
  @Benchmark
  public Object missAndStore(Guarded cache) {
    PipelineStep.Exchange exchange = ((PipelineStep.Proceed) cache.step.before(cache.freshRequest())).exchange();
    cache.step.completed(exchange, rendered());
    return exchange;
  }
}
