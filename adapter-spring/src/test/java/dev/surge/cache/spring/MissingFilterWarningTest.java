package dev.surge.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A plain Spring application that forgot to add Surge's filter is told so instead of silently caching nothing:
 * once in the log, and on every response of a cacheable handler, which shows without a logging provider.
 */
class MissingFilterWarningTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(CacheResponseInterceptor.class);
  private Server server;

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(log);
    server.stop();
  }

  @Test
  void markedHandlerWithoutTheFilterInFrontWarnsOnceAndSaysSoOnEachResponse() throws Exception {
    log.start();
    logger.addAppender(log);
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(PlainSpringJettyContractTest.PlainMvcConfiguration.class);
    spring.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("app", new ContractApplication()));
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addEventListener(new ContextLoaderListener(spring));
    context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/"); // no DelegatingFilterProxy
    server.setHandler(context);
    server.start();
    URI page = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/pages/a");
    HttpClient client = HttpClient.newHttpClient();

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().allValues("Cache-Status")).containsExactly(PipelineStep.CAPTURE_MISSING_STATUS);
    }

    assertThat(log.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
        .contains("ContractController").contains("did not see the request").contains("surgeCacheFilter"));
  }
}
