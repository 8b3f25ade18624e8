package dev.surge.cache.spring.boot.apikey;

import dev.surge.cache.spring.boot.BootAppWithoutSecurity;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Boot applications protecting {@link ConfidentialPages} with the {@link ApiKeyAuthenticationFilter}. */
final class ApiKeyApplications {

  private ApiKeyApplications() {}

  /** The filter as a plain bean, without {@code @Order}: Spring Boot orders it last. */
  @BootAppWithoutSecurity
  @Import(ConfidentialPages.class)
  static class Unordered {
    @Bean
    ApiKeyAuthenticationFilter apiKeyAuthenticationFilter() {
      return new ApiKeyAuthenticationFilter();
    }
  }

  /** The filter registered at order -50: before Surge's filter at 0. */
  @BootAppWithoutSecurity
  @Import(ConfidentialPages.class)
  static class OrderedFirst {
    @Bean
    FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthentication() {
      FilterRegistrationBean<ApiKeyAuthenticationFilter> registration =
          new FilterRegistrationBean<>(new ApiKeyAuthenticationFilter());
      registration.setOrder(-50);
      return registration;
    }
  }
}
