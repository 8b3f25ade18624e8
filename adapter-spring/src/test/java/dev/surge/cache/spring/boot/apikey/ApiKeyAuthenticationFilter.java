package dev.surge.cache.spring.boot.apikey;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API-key check as applications write it without Spring Security. As a filter bean without an order (a
 * {@code @Component} or {@code @Bean} without {@code @Order}), Spring Boot registers it last. It refuses {@code
 * /confidential/**} without the key.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  /** The one valid key. */
  public static final String KEY = "s3cret-api-key";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getRequestURI().startsWith("/confidential/") && !KEY.equals(request.getHeader("X-Api-Key"))) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    chain.doFilter(request, response);
  }
}
