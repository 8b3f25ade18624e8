package dev.surge.cache.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Switches Surge on in a plain Spring MVC application (Spring Boot applications need nothing: the
 * auto-configuration does it). Put it on a {@code @Configuration} class next to {@code @EnableWebMvc}.
 *
 * <p>It registers the {@link CacheResponseInterceptor} with Spring MVC and a bean named {@value
 * HttpCacheMvcConfiguration#FILTER_BEAN_NAME}: Surge's servlet filter, serving from the application's
 * {@code HttpCache} bean, or from a cache with default settings when there is none. Add that filter to the
 * container through a {@code DelegatingFilterProxy} of that name, mapped after the authentication filters
 * (e.g. in {@code getServletFilters()} of the dispatcher servlet initializer), exactly as Spring Security's
 * filter chain is added.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(HttpCacheMvcConfiguration.class)
public @interface EnableHttpCache {

  /**
   * Whether handler methods without {@link CacheResponse} are cached too, by the cache's own policy (the
   * response's headers, else the default TTL); default {@code false}: only marked handlers are cached.
   */
  boolean cacheUnannotated() default false;
}
