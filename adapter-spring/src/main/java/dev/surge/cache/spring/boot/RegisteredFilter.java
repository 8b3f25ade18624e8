package dev.surge.cache.spring.boot;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;

/**
 * A filter that Spring Boot registers with the servlet container for REQUEST dispatches: its registration name,
 * its order and its class (for a {@code DelegatingFilterProxy}, the class of the bean it delegates to).
 */
record RegisteredFilter(String name, int order, Class<?> type) {

  /** Names that authentication and authorisation filters carry: {@code JwtFilter}, {@code ApiKeyAuthFilter}... */
  private static final Pattern AUTHENTICATION_NAME = Pattern.compile(
      "auth|jwt|token|api-?key|secur|login|saml|oidc|credential|principal|permission|csrf",
      Pattern.CASE_INSENSITIVE);

  /**
   * The enabled filters of {@code beans} that run on REQUEST dispatches, in the order the container runs them:
   * the registrations Spring Boot makes, from registration beans and from filter beans alike.
   */
  static List<RegisteredFilter> in(ListableBeanFactory beans) {
    List<RegisteredFilter> filters = new ArrayList<>();
    for (ServletContextInitializer initializer : new ServletContextInitializerBeans(beans)) {
      if (initializer instanceof AbstractFilterRegistrationBean<?> registration && registration.isEnabled()
          && registration.determineDispatcherTypes().contains(DispatcherType.REQUEST)) {
        filters.add(
            new RegisteredFilter(registration.getFilterName(), registration.getOrder(), type(registration, beans)));
      }
    }
    return filters;
  }

  private static Class<?> type(AbstractFilterRegistrationBean<?> registration, ListableBeanFactory beans) {
    if (registration instanceof DelegatingFilterProxyRegistrationBean delegating) {
      String target = delegating.getFilterName();
      Class<?> type = beans.containsBean(target) ? beans.getType(target) : null;
      return type != null ? type : DelegatingFilterProxyRegistrationBean.class;
    }
    return registration.getFilter().getClass();
  }

  /**
   * Whether the filter looks like it decides who may see a page: Spring Security's, or one whose class or a
   * superclass is named like authentication ({@code Auth}, {@code Jwt}, {@code Token}, {@code ApiKey}, {@code
   * Security}, {@code Login}, ...).
   */
  boolean looksLikeAuthentication() {
    for (Class<?> level = type; level != null && level != Object.class; level = level.getSuperclass()) {
      if (level.getName().startsWith("org.springframework.security.")
          || AUTHENTICATION_NAME.matcher(level.getSimpleName()).find()) {
        return true;
      }
    }
    return false;
  }

  /** The filter as a message names it. */
  String describe() {
    return "'" + name + "' (" + type.getName() + ", order " + order + ")";
  }
}
