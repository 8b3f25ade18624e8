package dev.surge.cache.spring;

import dev.surge.cache.StoreRules;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.servlet.HttpCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Tells Surge's filter, before the handler runs, whether and how the response of the chosen handler method
 * may be stored: it reads {@link CacheResponse} from the {@link HandlerMethod} (worked out once per method
 * and controller class), adds to the response's {@code Vary} every request header the response may depend on,
 * and publishes the {@link StoreRules} through {@link HttpCacheFilter#handlerChosen} (so a request whose handler
 * is not cacheable counts as such, not as a miss). Hits
 * never get here: the filter answers them before the {@code DispatcherServlet} runs, so a response that may be
 * stored varies on the declared names, on {@code Accept} when a message converter chosen by content
 * negotiation writes it, and on the names in the {@code produces}, {@code consumes} and {@code headers}
 * conditions of every request mapping whose patterns and methods match the request (the handlers Spring MVC
 * chooses among for that URL), not only those of the handler that ran.
 *
 * <p>It must run with a filter made by {@link HttpCacheFilter#storingOnlyMarkedResponses}, which stores only
 * what this interceptor marked; handlers that are not {@link HandlerMethod}s (static resources, view
 * controllers) are never marked, and neither are asynchronous ones. Only the first (REQUEST) dispatch is
 * marked. A bad annotation value fails the requests to that handler with a message naming the method. When
 * a marked handler runs for a request the filter never saw (the filter is not installed), a warning says so
 * once.
 */
public final class CacheResponseInterceptor implements HandlerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(CacheResponseInterceptor.class);

  private final boolean cacheUnannotated;
  private final UnaryOperator<String> placeholders;
  private final ConcurrentMap<Handler, HandlerCacheRules> rulesByHandler = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedAboutMissingFilter = new AtomicBoolean();
  private volatile DispatcherContext lastContext;

  /**
   * An interceptor marking annotated handlers, and every other synchronous handler method too when {@code
   * cacheUnannotated} (their responses then store by the cache's own policy); {@code placeholders} resolves
   * {@code ${...}} in annotation values (pass the identity when there are none).
   */
  public CacheResponseInterceptor(boolean cacheUnannotated, UnaryOperator<String> placeholders) {
    this.cacheUnannotated = cacheUnannotated;
    this.placeholders = placeholders;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() != DispatcherType.REQUEST) {
      return true;
    }
    HandlerCacheRules rules = rulesByHandler.computeIfAbsent(new Handler(method.getBeanType(), method.getMethod()),
        ignored -> HandlerCacheRules.of(method, cacheUnannotated, placeholders));
    if (rules.storable() && request.getAttribute(HttpCacheFilter.SEEN_ATTRIBUTE) == null) {
      response.addHeader("Cache-Status", PipelineStep.CAPTURE_MISSING_STATUS); // seen without a logging provider
      if (warnedAboutMissingFilter.compareAndSet(false, true)) {
        LOG.warn("{} is marked cacheable but Surge's filter did not see the request, so nothing is cached: "
            + "add the '{}' filter bean to the container (e.g. a DelegatingFilterProxy), after authentication; "
            + "each such response says {}", method.getShortLogMessage(), HttpCacheMvcConfiguration.FILTER_BEAN_NAME,
            PipelineStep.CAPTURE_MISSING_STATUS);
      }
    }
    DispatcherContext dispatcher = dispatcherContext(request);
    for (String name : vary(rules, request, dispatcher)) {
      response.addHeader("Vary", name);
    }
    StoreRules chosen = rules.forRequest(uriVariables(request), dispatcher.conversion());
    if (rules.storable() && !chosen.storable()) {
      LOG.debug("not storing {}: a tag of its @CacheResponse does not resolve", request.getRequestURI());
    }
    HttpCacheFilter.handlerChosen(request, chosen);
    return true;
  }

  /**
   * The {@code Vary} names for a response of a handler with {@code rules}: its own, and, when it may be stored,
   * the routing headers of every mapping of the request's URL.
   */
  private static Collection<String> vary(
      HandlerCacheRules rules, HttpServletRequest request, DispatcherContext dispatcher) {
    if (!rules.storable()) {
      return rules.vary();
    }
    Set<String> names = new LinkedHashSet<>(rules.vary());
    names.addAll(dispatcher.routing().forRequest(request));
    return names;
  }

  /** What the interceptor reads from the application context of the request's {@code DispatcherServlet}. */
  private DispatcherContext dispatcherContext(HttpServletRequest request) {
    WebApplicationContext context = RequestContextUtils.findWebApplicationContext(request);
    if (context == null) {
      return DispatcherContext.none();
    }
    DispatcherContext known = lastContext;
    if (known == null || !known.isOf(context)) {
      known = DispatcherContext.of(context);
      lastContext = known;
    }
    return known;
  }

  /**
   * One handler: the controller class and the method, since controllers sharing a method inherited from a
   * base class can differ in their class-level {@link CacheResponse} and in the method's resolved return type.
   */
  private record Handler(Class<?> beanType, Method method) {}

  @SuppressWarnings("unchecked")
  private static Map<String, String> uriVariables(HttpServletRequest request) {
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
  }
}
