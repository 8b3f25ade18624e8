package dev.surge.cache.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * What the interceptor needs from the application context of the {@code DispatcherServlet} it runs in, read
 * once: the {@link RoutingHeaders} of every request mapping. Mappings registered at run time, after the first
 * request, are not seen.
 */
final class DispatcherContext {

  private final ApplicationContext context;
  private final RoutingHeaders routing;

  private DispatcherContext(ApplicationContext context, RoutingHeaders routing) {
    this.context = context;
    this.routing = routing;
  }

  /** Reads {@code context} (and its ancestors, as the {@code DispatcherServlet} does). */
  static DispatcherContext of(ApplicationContext context) {
    List<RequestMappingInfo> mappings = new ArrayList<>();
    BeanFactoryUtils.beansOfTypeIncludingAncestors(context, RequestMappingInfoHandlerMapping.class, true, false)
        .values()
        .forEach(handlerMapping -> mappings.addAll(handlerMapping.getHandlerMethods().keySet()));
    return new DispatcherContext(context, RoutingHeaders.of(mappings));
  }

  /** Whether this was read from {@code candidate}. */
  boolean isOf(ApplicationContext candidate) {
    return context == candidate;
  }

  /** The routing headers of the context's request mappings. */
  RoutingHeaders routing() {
    return routing;
  }
}
