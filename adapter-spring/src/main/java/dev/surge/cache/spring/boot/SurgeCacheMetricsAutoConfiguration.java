package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link SurgeCacheMetrics} for the application's {@link HttpCache}, when Micrometer is present. */
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
}
