package dev.surge.cache.spring;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import dev.surge.cache.spring.boot.BootAppWithoutSecurity;
import java.net.URI;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The adapter contract through a Spring Boot application on embedded Tomcat (a random loopback port), wired
 * by the auto-configuration alone; the contract's cache is the application's own {@code HttpCache} bean.
 * Spring Security, on this module's test classpath for the security tests, is left out here.
 */
class BootContractTest extends AdapterContract {

  private ConfigurableApplicationContext context;

  @Override
  protected URI start(HttpCache cache, ContractApplication app) {
    SpringApplication application = new SpringApplicationBuilder(ContractBootApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "spring.web.error.path=/boot-error") // the contract has its own /error page
        .initializers(context -> {
          GenericApplicationContext beans = (GenericApplicationContext) context;
          beans.registerBean(HttpCache.class, () -> cache);
          beans.registerBean(ContractApplication.class, () -> app);
        })
        .build();
    context = application.run();
    return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  @Override
  protected void stop() {
    context.close();
  }

  /** A Boot application with nothing but the contract's controller (and no component scan). */
  @BootAppWithoutSecurity
  static class ContractBootApplication {
    ContractBootApplication() {}

    @org.springframework.context.annotation.Bean
    ContractController contractController(ContractApplication app) {
      return new ContractController(app);
    }
  }
}
