package dev.surge.cache.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.servlet.mvc.condition.NameValueExpression;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * The request headers by which Spring MVC picks among the request mappings of one URL: {@code Accept} for a
 * {@code produces} condition, {@code Content-Type} for {@code consumes}, and the names in {@code headers}
 * conditions. Surge answers a hit before Spring picks a handler, so the {@code Vary} of a cached response must
 * name the headers of every mapping that could take its request, not only those of the handler that ran.
 */
final class RoutingHeaders {

  /** Only the mappings with a header condition: a mapping without one adds nothing to any request's set. */
  private final List<RequestMappingInfo> conditional;

  private RoutingHeaders(List<RequestMappingInfo> conditional) {
    this.conditional = conditional;
  }

  /** The routing headers of {@code mappings}, every mapping the application's handler mappings hold. */
  static RoutingHeaders of(Collection<RequestMappingInfo> mappings) {
    return new RoutingHeaders(mappings.stream().filter(mapping -> !names(mapping).isEmpty()).toList());
  }

  /** No routing headers at all. */
  static RoutingHeaders none() {
    return new RoutingHeaders(List.of());
  }

  /**
   * The header names of every mapping whose patterns and methods match {@code request}, whatever their header
   * conditions say: the mappings Spring MVC chooses among for this URL. Call it while the {@code
   * DispatcherServlet} handles the request (its lookup path is parsed then); a mapping that cannot be matched
   * against the request counts as matching.
   */
  Set<String> forRequest(HttpServletRequest request) {
    Set<String> names = new LinkedHashSet<>();
    for (RequestMappingInfo mapping : conditional) {
      if (mayMatch(mapping, request)) {
        names.addAll(names(mapping));
      }
    }
    return names;
  }

  private static boolean mayMatch(RequestMappingInfo mapping, HttpServletRequest request) {
    try {
      return mapping.getMethodsCondition().getMatchingCondition(request) != null
          && mapping.getActivePatternsCondition().getMatchingCondition(request) != null;
    } catch (IllegalArgumentException | IllegalStateException unmatchable) {
      return true; // e.g. a path-pattern mapping of another servlet's context, whose lookup path is not parsed
    }
  }

  private static Set<String> names(RequestMappingInfo mapping) {
    Set<String> names = new LinkedHashSet<>();
    if (!mapping.getProducesCondition().isEmpty()) {
      names.add("Accept");
    }
    if (!mapping.getConsumesCondition().isEmpty()) {
      names.add("Content-Type");
    }
    for (NameValueExpression<String> header : mapping.getHeadersCondition().getExpressions()) {
      names.add(header.getName());
    }
    return names;
  }
}
