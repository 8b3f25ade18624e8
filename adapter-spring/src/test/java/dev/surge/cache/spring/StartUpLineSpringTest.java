package dev.surge.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.ContractApplication;
import dev.surge.cache.spring.boot.RunningApplication;
import dev.surge.cache.spring.boot.app.WikiApplication;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A Spring application logs its cache's start-up line once, naming Spring and the Spring way to switch
 * {@code Cache-Status} on; the filter Spring registers does not log a second line of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartUpLineSpringTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(HttpCache.class);
  private Server server;
  private RunningApplication boot;

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(log);
    if (server != null) {
      server.stop();
    }
    if (boot != null) {
      boot.close();
    }
  }

  private List<String> startUpLines() {
    return log.list.stream()
        .filter(event -> event.getLevel() == Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.startsWith("Surge cache ready"))
        .toList();
  }

  @Test
  void bootAutoConfigurationLogsTheLineWithTheProperty(CapturedOutput output) {
    boot = RunningApplication.start(WikiApplication.class, "surge.cache.maximum-entries=777");

    // Boot sets logging up afresh as it starts, dropping an appender added before: read what it printed.
    assertThat(output.getOut().lines().filter(line -> line.contains("Surge cache ready")))
        .singleElement().asString()
        .contains("INFO")
        .contains("Surge cache ready on Spring MVC (Boot auto-configuration): store 64MB in memory, at most 777"
            + " entries")
        .endsWith("Cache-Status off (enable: surge.cache.cache-status-header=true, or cacheStatusHeader(true) on"
            + " your own HttpCache bean); purge fan-out off");
  }

  @Test
  void enableHttpCacheLogsTheLineForTheApplicationsCache() throws Exception {
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(PlainSpringJettyContractTest.PlainMvcConfiguration.class);
    spring.addBeanFactoryPostProcessor(beans -> {
      beans.registerSingleton("httpCache", HttpCache.builder().maximumEntries(778).cacheStatusHeader(true).build());
      beans.registerSingleton("contractApplication", new ContractApplication());
    });
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addEventListener(new ContextLoaderListener(spring));
    context.addFilter(new FilterHolder(new DelegatingFilterProxy(HttpCacheMvcConfiguration.FILTER_BEAN_NAME, spring)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/");
    server.setHandler(context);
    server.start();

    assertThat(startUpLines()).singleElement().asString()
        .startsWith("Surge cache ready on Spring MVC (@EnableHttpCache): store 64MB in memory, at most 778 entries")
        .endsWith("; Cache-Status on; purge fan-out off");
  }
}
