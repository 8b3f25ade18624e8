package dev.surge.cache.spring;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The adapter contract through plain Spring MVC (no Boot) on embedded Jetty 12.1 ee11: a {@code
 * DispatcherServlet} over an {@code @EnableWebMvc @EnableHttpCache} configuration, with Surge's filter added
 * through a {@code DelegatingFilterProxy}, as the README tells plain Spring users to do.
 */
class PlainSpringJettyContractTest extends AdapterContract {

  private Server server;

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(PlainMvcConfiguration.class);
    spring.addBeanFactoryPostProcessor(beans -> {
      beans.registerSingleton("httpCache", cache);
      beans.registerSingleton("contractApplication", app);
    });

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addEventListener(new ContextLoaderListener(spring));
    context.addFilter(new FilterHolder(new DelegatingFilterProxy(HttpCacheMvcConfiguration.FILTER_BEAN_NAME, spring)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  protected void stop() throws Exception {
    server.stop();
  }

  /** What a plain Spring MVC application declares. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @EnableHttpCache
  static class PlainMvcConfiguration {
    @Bean
    ContractController contractController(ContractApplication app) {
      return new ContractController(app);
    }
  }
}
