package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import dev.surge.cache.spring.CacheResponseInterceptor;
import dev.surge.cache.spring.HttpCacheMvcConfigurer;
import dev.surge.cache.spring.HttpCacheMvcConfiguration;
import jakarta.servlet.DispatcherType;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Surge for a Spring Boot servlet application: an {@link HttpCache} from the {@code surge.cache.*}
 * properties and the {@link SurgeCacheBuilderCustomizer} beans (unless the application defines its own cache
 * bean), Surge's filter registered at {@code
 * surge.cache.filter-order} (0 by default: after Spring Security's filter chain at -100, so authentication
 * runs before anything is served), and the {@link CacheResponseInterceptor} registered with Spring MVC.
 * Start-up fails when a filter that looks like authentication is ordered after Surge's (a filter without an
 * order is), unless {@code surge.cache.filters-skipped-on-hits} names it; and a warning says what to set when
 * a layer in front applies forwarding headers that Surge does not trust.
 * {@code surge.cache.enabled=false} switches all of it off; {@code @EnableHttpCache} in the application
 * also turns it off, as the application then wires Surge itself.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, HttpCache.class})
@ConditionalOnBooleanProperty(name = "surge.cache.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(HttpCacheMvcConfiguration.class)
@EnableConfigurationProperties(SurgeCacheProperties.class)
public class SurgeCacheAutoConfiguration {

  /** The name of the filter's registration bean. */
  public static final String FILTER_REGISTRATION_BEAN_NAME = "surgeCacheFilterRegistration";

  /** The cache, built from the {@code surge.cache.*} properties and the {@link SurgeCacheBuilderCustomizer}s. */
  @Bean
  @ConditionalOnMissingBean
  public HttpCache surgeHttpCache(SurgeCacheProperties properties,
      ObjectProvider<SurgeCacheBuilderCustomizer> customizers, Environment environment) {
    return built(() -> customized(properties, customizers).build(), environment);
  }

  /**
   * The cache {@code build} gives; when the builder rejects a value that a {@code surge.cache.*} property of
   * {@code environment} set, an {@link InvalidSurgeCachePropertyException} naming that property instead.
   */
  static HttpCache built(Supplier<HttpCache> build, Environment environment) {
    try {
      return build.get();
    } catch (IllegalArgumentException rejected) {
      throw InvalidSurgeCachePropertyException.of(rejected, environment).orElseThrow(() -> rejected);
    }
  }

  /** A builder holding the options {@code properties} set, then changed by each of {@code customizers} in order. */
  static HttpCache.Builder customized(
      SurgeCacheProperties properties, ObjectProvider<SurgeCacheBuilderCustomizer> customizers) {
    HttpCache.Builder builder = properties.toBuilder();
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  /**
   * Surge's filter over the cache, for REQUEST dispatches, at the configured order; logs the cache's start-up
   * line.
   */
  @Bean(FILTER_REGISTRATION_BEAN_NAME)
  @ConditionalOnMissingBean(name = FILTER_REGISTRATION_BEAN_NAME)
  public FilterRegistrationBean<HttpCacheFilter> surgeCacheFilterRegistration(
      HttpCache cache, SurgeCacheProperties properties) {
    cache.logStartUp("Spring MVC (Boot auto-configuration)",
        "surge.cache.cache-status-header=true, or cacheStatusHeader(true) on your own HttpCache bean");
    FilterRegistrationBean<HttpCacheFilter> registration =
        new FilterRegistrationBean<>(HttpCacheFilter.storingOnlyMarkedResponses(cache));
    registration.setName(HttpCacheMvcConfiguration.FILTER_BEAN_NAME);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(properties.getFilterOrder());
    return registration;
  }

  /** Fails start-up when a filter that looks like authentication would run after Surge's. */
  @Bean
  FilterOrderCheck surgeFilterOrderCheck(ListableBeanFactory beans, SurgeCacheProperties properties) {
    return new FilterOrderCheck(beans, properties.getFiltersSkippedOnHits());
  }

  /** Warns when a layer in front applies forwarding headers that Surge does not trust. */
  @Bean
  ForwardingLayerCheck surgeForwardingLayerCheck(
      ListableBeanFactory beans, Environment environment, SurgeCacheProperties properties) {
    Set<String> trusted = properties.getTrustedForwardingHeaders();
    return new ForwardingLayerCheck(beans, environment, trusted != null && !trusted.isEmpty());
  }

  /** The interceptor marking cacheable handlers; {@code ${...}} in annotations resolve from the environment. */
  @Bean
  @ConditionalOnMissingBean
  public CacheResponseInterceptor surgeCacheInterceptor(SurgeCacheProperties properties, Environment environment) {
    return new CacheResponseInterceptor(properties.isCacheUnannotated(), environment::resolveRequiredPlaceholders);
  }

  /** Registers the interceptor with Spring MVC. */
  @Bean
  public WebMvcConfigurer surgeCacheMvcConfigurer(CacheResponseInterceptor interceptor) {
    return new HttpCacheMvcConfigurer(interceptor);
  }
}
