package dev.surge.cache.spring;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportAware;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.StringValueResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The beans {@link EnableHttpCache} imports: Surge's filter (named {@value #FILTER_BEAN_NAME}) and the
 * {@link CacheResponseInterceptor}, registered with Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
public class HttpCacheMvcConfiguration implements ImportAware, EmbeddedValueResolverAware {

  /** The name of the filter bean, for a {@code DelegatingFilterProxy}. */
  public static final String FILTER_BEAN_NAME = "surgeCacheFilter";

  private boolean cacheUnannotated;
  private StringValueResolver placeholders = value -> value;

  @Override
  public void setImportMetadata(AnnotationMetadata metadata) {
    Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableHttpCache.class.getName());
    cacheUnannotated = attributes != null && Boolean.TRUE.equals(attributes.get("cacheUnannotated"));
  }

  @Override
  public void setEmbeddedValueResolver(StringValueResolver resolver) {
    placeholders = resolver;
  }

  /**
   * Surge's filter over the application's {@code HttpCache} bean, or a default cache when there is none; logs
   * the cache's start-up line.
   */
  @Bean(FILTER_BEAN_NAME)
  public HttpCacheFilter surgeCacheFilter(ObjectProvider<HttpCache> cache) {
    HttpCache served = cache.getIfAvailable(() -> HttpCache.builder().build());
    served.logStartUp("Spring MVC (@EnableHttpCache)", "cacheStatusHeader(true) on your HttpCache bean");
    return HttpCacheFilter.storingOnlyMarkedResponses(served);
  }

  /** The interceptor marking cacheable handlers. */
  @Bean
  public CacheResponseInterceptor surgeCacheInterceptor() {
    return new CacheResponseInterceptor(cacheUnannotated, placeholders::resolveStringValue);
  }

  /** Registers {@code interceptor} with Spring MVC. */
  @Bean
  public WebMvcConfigurer surgeCacheMvcConfigurer(CacheResponseInterceptor interceptor) {
    return new HttpCacheMvcConfigurer(interceptor);
  }
}
