package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.SurgeRedis;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link SurgeCacheMetrics} for the application's {@link HttpCache}, and {@link SurgeRedisMetrics} when it goes
 * through Redis, when Micrometer is present.
 */
@AutoConfiguration(after = SurgeCacheAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(HttpCache.class)
public class SurgeCacheMetricsAutoConfiguration {

  /** The meters; Spring Boot binds them to every registry it configures. */
  @Bean
  @ConditionalOnMissingBean
  public SurgeCacheMetrics surgeCacheMetrics(HttpCache cache) {
    return new SurgeCacheMetrics(cache);
  }

  /** The Redis tier's meters, when the cache goes through Redis. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SurgeRedis.class)
  @ConditionalOnBean(SurgeRedis.class)
  static class RedisMetrics {
    @Bean
    @ConditionalOnMissingBean
    SurgeRedisMetrics surgeRedisMetrics(SurgeRedis redis) {
      return new SurgeRedisMetrics(redis);
    }
  }
}
