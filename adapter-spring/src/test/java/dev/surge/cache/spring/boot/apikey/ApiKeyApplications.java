package dev.surge.cache.spring.boot.apikey;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Boot applications protecting {@link ConfidentialPages} with the {@link ApiKeyAuthenticationFilter}. */
final class ApiKeyApplications {

  private ApiKeyApplications() {}

  /** The filter as a plain bean, without {@code @Order}: Spring Boot orders it last. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration(excludeName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
  @Import(ConfidentialPages.class)
  static class Unordered {
    @Bean
    ApiKeyAuthenticationFilter apiKeyAuthenticationFilter() {
      return new ApiKeyAuthenticationFilter();
    }
  }

  /** The filter registered at order -50: before Surge's filter at 0. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration(excludeName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
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
