package dev.surge.cache.spring;

import dev.surge.cache.StoreRules;
import dev.surge.cache.servlet.HttpCacheFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Plugs Surge into Spring MVC: registers the {@link CacheResponseInterceptor}, and puts first among the
 * exception resolvers one that declines storing whenever a handler threw, so that a fallback page written by
 * an {@code @ExceptionHandler} or {@code @ControllerAdvice} is served to its request but never stored.
 */
public final class HttpCacheMvcConfigurer implements WebMvcConfigurer {

  private final CacheResponseInterceptor interceptor;

  /** A configurer registering {@code interceptor}. */
  public HttpCacheMvcConfigurer(CacheResponseInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(interceptor);
  }

  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    resolvers.add(0, new DecliningExceptionResolver());
  }

  /** Marks the response of a handler that threw as not to be stored, then lets the other resolvers act. */
  private static final class DecliningExceptionResolver implements HandlerExceptionResolver {
    @Override
    public ModelAndView resolveException(
        HttpServletRequest request, HttpServletResponse response, Object handler, Exception thrown) {
      request.setAttribute(HttpCacheFilter.RULES_ATTRIBUTE, StoreRules.never());
      return null;
    }
  }
}
