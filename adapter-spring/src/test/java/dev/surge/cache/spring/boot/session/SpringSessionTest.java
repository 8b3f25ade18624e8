package dev.surge.cache.spring.boot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.spring.CacheResponse;
import dev.surge.cache.spring.boot.BootAppWithoutSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Session in front of Surge: its filter wraps the request and response outside Surge's, and adds its
 * session cookie ({@code CookieHttpSessionIdResolver}) or {@code X-Auth-Token} header ({@code
 * HeaderHttpSessionIdResolver}) only when the response commits, after Surge has seen the response. A page
 * whose render created the session must still never be stored: the next anonymous visitor would get the
 * first visitor's page.
 */
class SpringSessionTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private ConfigurableApplicationContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  @ParameterizedTest(name = "session id by {0}")
  @CsvSource({"cookie, Set-Cookie", "header, X-Auth-Token"})
  void pageThatCreatedASessionIsNeverStored(String resolver, String sessionField) throws Exception {
    context = new SpringApplicationBuilder(SessionApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "session.resolver=" + resolver)
        .run();
    URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    HttpCache cache = context.getBean(HttpCache.class);

    HttpResponse<String> first = get(base.resolve("/welcome"));
    HttpResponse<String> second = get(base.resolve("/welcome"));

    assertThat(first.headers().firstValue(sessionField)).isPresent();
    assertThat(first.body()).startsWith("welcome, session ");
    assertThat(second.body()).isNotEqualTo(first.body());
    assertThat(context.getBean(SessionController.class).renders()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().totalRejections() == 2);
    assertThat(cache.stats().stores()).isZero();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A page that puts the visitor in a session and names it. */
  @RestController
  static class SessionController {
    private final AtomicInteger renders = new AtomicInteger();

    @CacheResponse(ttl = "5m")
    @GetMapping("/welcome")
    String welcome(HttpServletRequest request) {
      HttpSession session = request.getSession(true);
      session.setAttribute("visitor", "anonymous");
      return "welcome, session " + session.getId() + ", render " + renders.incrementAndGet();
    }

    int renders() {
      return renders.get();
    }
  }

  /** A Boot application with Spring Session (in memory) ahead of every other filter, as it registers itself. */
  @BootAppWithoutSecurity
  static class SessionApplication {
    SessionApplication() {}

    @Bean
    SessionController sessionController() {
      return new SessionController();
    }

    @Bean
    FilterRegistrationBean<SessionRepositoryFilter<MapSession>> springSession(Environment environment) {
      SessionRepositoryFilter<MapSession> filter =
          new SessionRepositoryFilter<>(new MapSessionRepository(new ConcurrentHashMap<>()));
      filter.setHttpSessionIdResolver("header".equals(environment.getProperty("session.resolver"))
          ? HeaderHttpSessionIdResolver.xAuthToken()
          : new CookieHttpSessionIdResolver());
      FilterRegistrationBean<SessionRepositoryFilter<MapSession>> registration = new FilterRegistrationBean<>(filter);
      registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
      return registration;
    }
  }
}
