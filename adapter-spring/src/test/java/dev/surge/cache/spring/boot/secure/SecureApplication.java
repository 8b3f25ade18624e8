package dev.surge.cache.spring.boot.secure;

import dev.surge.cache.spring.CacheResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application behind Spring Security (HTTP Basic): {@code /admin/report} for admins only, {@code
 * /members/news} for any signed-in user. Both are cached and marked {@code public}, the way a page shared by
 * everyone allowed to see it would be.
 */
@SpringBootApplication
public class SecureApplication {

  /** Alice is an admin, Bob is not. */
  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-password").roles("ADMIN", "USER").build(),
        User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
  }

  /** Admin pages for admins, everything else for signed-in users. */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/admin/**").hasRole("ADMIN")
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults());
    return http.build();
  }

  /** The protected pages, counting renders. */
  @RestController
  static class Pages {
    private final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/admin/report")
    @CacheResponse
    ResponseEntity<String> report() {
      return shared("admin report, render " + renders.incrementAndGet());
    }

    @GetMapping("/members/news")
    @CacheResponse
    ResponseEntity<String> news() {
      return shared("members' news, render " + renders.incrementAndGet());
    }

    private static ResponseEntity<String> shared(String body) {
      return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic()).body(body);
    }
  }
}
