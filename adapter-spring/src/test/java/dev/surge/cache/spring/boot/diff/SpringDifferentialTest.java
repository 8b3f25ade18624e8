package dev.surge.cache.spring.boot.diff;

import dev.surge.cache.HttpCache;
import dev.surge.cache.diff.BehaviourGenerator;
import dev.surge.cache.diff.DifferentialSuite;
import dev.surge.cache.servlet.ServletBehaviour;
import dev.surge.cache.spring.CacheResponse;
import dev.surge.cache.spring.boot.BootAppWithoutSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The differential transparency suite through Spring Boot on embedded Tomcat: the generated application is a
 * {@code @CacheResponse} controller method acting out each case on the servlet API, behind Surge's
 * auto-configured filter and interceptor on one side and with {@code surge.cache.enabled=false} on the other.
 */
class SpringDifferentialTest extends DifferentialSuite {

  private final List<ConfigurableApplicationContext> started = new ArrayList<>();

  @Override
  protected URI start(long seed, HttpCache cache) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(DiffApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "diff.seed=" + seed, "surge.cache.enabled=" + (cache != null));
    if (cache != null) {
      application.initializers(context -> ((GenericApplicationContext) context).registerBean(HttpCache.class, () -> cache));
    }
    ConfigurableApplicationContext context = application.run();
    started.add(context);
    return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  @Override
  protected void stopAll() {
    started.forEach(ConfigurableApplicationContext::close);
    started.clear();
  }

  /**
   * No client leaves early from an asynchronous page: Tomcat's handling of the broken connection races the
   * render still writing on another thread (see the servlet differential test's Tomcat case).
   */
  @Override
  protected boolean mayLeaveEarly(dev.surge.cache.diff.Behaviour behaviour) {
    return behaviour.ending() != dev.surge.cache.diff.Behaviour.Ending.ASYNC;
  }

  /**
   * Not a body shorter than its declared length: Tomcat then keeps the connection open and the client waits
   * for the missing bytes until its bound, with or without Surge.
   */
  @Override
  protected boolean supports(dev.surge.cache.diff.Behaviour behaviour) {
    return behaviour.declaredLength() != dev.surge.cache.diff.Behaviour.DeclaredLength.SHORT;
  }

  /** The generated application as a Spring MVC handler. */
  @RestController
  static class DiffController {
    private final long seed;

    DiffController(long seed) {
      this.seed = seed;
    }

    @CacheResponse
    @GetMapping("/diff/{caseId}")
    void diff(@PathVariable int caseId, HttpServletRequest request, HttpServletResponse response) throws IOException {
      ServletBehaviour.actOut(BehaviourGenerator.generate(seed, caseId), request, response);
    }
  }

  /** A Boot application with the generated application's controller and nothing else of this module's tests. */
  @BootAppWithoutSecurity
  static class DiffApplication {
    DiffApplication() {}

    @Bean
    DiffController diffController(Environment environment) {
      return new DiffController(environment.getRequiredProperty("diff.seed", Long.class));
    }
  }
}
