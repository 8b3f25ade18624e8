package dev.surge.cache.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * What the interceptor needs from the application context of the {@code DispatcherServlet} it runs in, read
 * once: the {@link RoutingHeaders} of every request mapping, and the conversion service that binds handler
 * arguments. Mappings registered at run time, after the first request, are not seen.
 */
final class DispatcherContext {

  private final ApplicationContext context;
  private final RoutingHeaders routing;
  private final ConversionService conversion;

  private DispatcherContext(ApplicationContext context, RoutingHeaders routing, ConversionService conversion) {
    this.context = context;
    this.routing = routing;
    this.conversion = conversion;
  }

  /** What outside any {@code DispatcherServlet}'s context: no mappings, and the default conversions. */
  static DispatcherContext none() {
    return new DispatcherContext(null, RoutingHeaders.none(), DefaultConversionService.getSharedInstance());
  }

  /** Reads {@code context} (and its ancestors, as the {@code DispatcherServlet} does). */
  static DispatcherContext of(ApplicationContext context) {
    List<RequestMappingInfo> mappings = new ArrayList<>();
    BeanFactoryUtils.beansOfTypeIncludingAncestors(context, RequestMappingInfoHandlerMapping.class, true, false)
        .values()
        .forEach(handlerMapping -> mappings.addAll(handlerMapping.getHandlerMethods().keySet()));
    ConversionService conversion = BeanFactoryUtils
        .beansOfTypeIncludingAncestors(context, RequestMappingHandlerAdapter.class, true, false)
        .values().stream()
        .map(RequestMappingHandlerAdapter::getWebBindingInitializer)
        .filter(ConfigurableWebBindingInitializer.class::isInstance)
        .map(initializer -> ((ConfigurableWebBindingInitializer) initializer).getConversionService())
        .filter(service -> service != null)
        .findFirst()
        .orElse(DefaultConversionService.getSharedInstance());
    return new DispatcherContext(context, RoutingHeaders.of(mappings), conversion);
  }

  /** Whether this was read from {@code candidate}. */
  boolean isOf(ApplicationContext candidate) {
    return context == candidate;
  }

  /** The routing headers of the context's request mappings. */
  RoutingHeaders routing() {
    return routing;
  }

  /** The conversion service that binds handler arguments, such as path variables. */
  ConversionService conversion() {
    return conversion;
  }
}
