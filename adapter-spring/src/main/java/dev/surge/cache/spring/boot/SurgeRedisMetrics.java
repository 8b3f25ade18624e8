package dev.surge.cache.spring.boot;

import dev.surge.cache.redis.RedisStats;
import dev.surge.cache.redis.SurgeRedis;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The Redis tier's counters as Micrometer meters, read from {@link SurgeRedis#stats()} when a registry asks:
 * {@code surge.cache.redis.available} (1 or 0), {@code surge.cache.redis.outages}, {@code
 * surge.cache.redis.failures}, {@code surge.cache.redis.command-errors}, {@code surge.cache.redis.purges} (tag {@code event}: published, received,
 * publish-failed), {@code surge.cache.redis.tier} (tag {@code result}: hit, miss, timeout, error, corrupt,
 * store), and {@code surge.cache.redis.fleet} (tag {@code event}: claimed, waited, served: fleet-wide collapsing).
 */
public final class SurgeRedisMetrics implements MeterBinder {

  private final SurgeRedis redis;

  /** Meters over {@code redis}. */
  public SurgeRedisMetrics(SurgeRedis redis) {
    this.redis = redis;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("surge.cache.redis.available", redis, current -> current.stats().available() ? 1 : 0)
        .description("Whether the last Redis command reached Redis")
        .register(registry);
    counter(registry, "surge.cache.redis.outages", null, null, RedisStats::outages);
    counter(registry, "surge.cache.redis.failures", null, null, RedisStats::failures);
    counter(registry, "surge.cache.redis.command-errors", null, null, RedisStats::commandErrors);
    counter(registry, "surge.cache.redis.purges", "event", "published", RedisStats::purgesPublished);
    counter(registry, "surge.cache.redis.purges", "event", "received", RedisStats::purgesReceived);
    counter(registry, "surge.cache.redis.purges", "event", "publish-failed", RedisStats::purgePublishFailures);
    counter(registry, "surge.cache.redis.tier", "result", "hit", RedisStats::tierHits);
    counter(registry, "surge.cache.redis.tier", "result", "miss", RedisStats::tierMisses);
    counter(registry, "surge.cache.redis.tier", "result", "timeout", RedisStats::tierTimeouts);
    counter(registry, "surge.cache.redis.tier", "result", "error", RedisStats::tierErrors);
    counter(registry, "surge.cache.redis.tier", "result", "corrupt", RedisStats::tierCorruptValues);
    counter(registry, "surge.cache.redis.tier", "result", "store", RedisStats::tierStores);
    counter(registry, "surge.cache.redis.fleet", "event", "claimed", RedisStats::fleetRendersClaimed);
    counter(registry, "surge.cache.redis.fleet", "event", "waited", RedisStats::fleetWaits);
    counter(registry, "surge.cache.redis.fleet", "event", "served", RedisStats::fleetWaitsServed);
  }

  private void counter(
      MeterRegistry registry, String name, String tag, String value, ToDoubleFunction<RedisStats> count) {
    FunctionCounter.Builder<SurgeRedis> builder =
        FunctionCounter.builder(name, redis, current -> count.applyAsDouble(current.stats()));
    if (tag != null) {
      builder.tag(tag, value);
    }
    builder.register(registry);
  }
}
