package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@link SurgeCacheEndpoint}, when Actuator is present and its settings make the endpoint available. */
@AutoConfiguration(after = SurgeCacheAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(HttpCache.class)
@ConditionalOnAvailableEndpoint(SurgeCacheEndpoint.class)
public class SurgeCacheEndpointAutoConfiguration {

  /** The endpoint over the application's cache. */
  @Bean
  @ConditionalOnMissingBean
  public SurgeCacheEndpoint surgeCacheEndpoint(HttpCache cache) {
    return new SurgeCacheEndpoint(cache);
  }
}
