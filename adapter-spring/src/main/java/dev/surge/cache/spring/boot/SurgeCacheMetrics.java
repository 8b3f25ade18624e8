package dev.surge.cache.spring.boot;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Surge's counters as Micrometer meters, read from {@link HttpCache#stats()} when a registry asks:
 * {@code surge.cache.requests} (tag {@code result}: hit, not-modified, stale-while-revalidate, stale-if-error,
 * miss, bypass), {@code surge.cache.revalidations} (tag {@code outcome}: not-modified, failed; those misses
 * that revalidated a stale page), {@code surge.cache.stores}, {@code surge.cache.rejections}, {@code surge.cache.evictions}, {@code
 * surge.cache.recycles}, {@code surge.cache.invalidations}, and the gauges {@code surge.cache.entries} and
 * {@code surge.cache.bytes}. Nothing is counted on the request path for them.
 */
public final class SurgeCacheMetrics implements MeterBinder {

  private final HttpCache cache;

  /** Meters over {@code cache}. */
  public SurgeCacheMetrics(HttpCache cache) {
    this.cache = cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requests(registry, "hit", CacheStats::hits);
    requests(registry, "not-modified", CacheStats::notModified);
    requests(registry, "stale-while-revalidate", CacheStats::staleWhileRevalidating);
    requests(registry, "stale-if-error", CacheStats::staleIfError);
    requests(registry, "miss", CacheStats::misses);
    requests(registry, "bypass", CacheStats::totalBypasses);
    revalidations(registry, "not-modified", CacheStats::revalidated);
    revalidations(registry, "failed", CacheStats::revalidationFailed);
    counter(registry, "surge.cache.stores", "Responses stored", CacheStats::stores);
    counter(registry, "surge.cache.rejections", "Finished responses not stored",
        CacheStats::totalRejections);
    counter(registry, "surge.cache.evictions", "Entries removed to respect the size bounds", CacheStats::evictions);
    counter(registry, "surge.cache.recycles", "Generations of entries dropped whole", CacheStats::recycles);
    counter(registry, "surge.cache.invalidations", "Entries removed by purges and unsafe requests",
        CacheStats::invalidations);
    Gauge.builder("surge.cache.entries", cache, current -> current.stats().entries())
        .description("Entries held now")
        .register(registry);
    Gauge.builder("surge.cache.bytes", cache, current -> current.stats().bytes().bytes())
        .description("Estimated bytes held now")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
  }

  private void requests(MeterRegistry registry, String result, ToDoubleFunction<CacheStats> count) {
    FunctionCounter.builder("surge.cache.requests", cache, current -> count.applyAsDouble(current.stats()))
        .description("Requests by what the cache did with them")
        .tag("result", result)
        .register(registry);
  }

  private void revalidations(MeterRegistry registry, String outcome, ToDoubleFunction<CacheStats> count) {
    FunctionCounter.builder("surge.cache.revalidations", cache, current -> count.applyAsDouble(current.stats()))
        .description("Misses of stale pages passed to the application with their validators, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<CacheStats> count) {
    FunctionCounter.builder(name, cache, current -> count.applyAsDouble(current.stats()))
        .description(description)
        .register(registry);
  }
}
