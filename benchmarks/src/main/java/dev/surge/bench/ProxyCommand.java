package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import dev.surge.cache.vertx.HttpCacheHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxy}: one adapter with Surge in front of a forwarder to any upstream URL, so that any HTTP tool or
 * test suite can be pointed at Surge.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Serves Surge on a loopback port in front of a forwarder to an upstream URL, until stopped.")
final class ProxyCommand implements Callable<Integer> {

  @Option(names = "--upstream", required = true, description = "The upstream base URL, e.g. http://127.0.0.1:9000.")
  URI upstream;

  @Option(names = "--adapter", defaultValue = "vertx", description = "jetty or vertx. Default: ${DEFAULT-VALUE}.")
  String adapter;

  @Option(names = "--port", defaultValue = "8080", description = "Loopback port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--default-ttl", defaultValue = "PT0S", description = "Freshness for upstream responses that"
      + " state none (ISO-8601); 0 stores only what the upstream's own headers make fresh. Default: ${DEFAULT-VALUE}.")
  Duration defaultTtl;

  @Override
  public Integer call() throws Exception {
    try (Proxy proxy = start(adapter, port, upstream, cache(defaultTtl))) {
      System.out.println("Surge (" + adapter + ") at " + proxy.base() + " in front of " + upstream + "; Ctrl-C stops.");
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }

  static HttpCache cache(Duration defaultTtl) {
    Duration maximum = defaultTtl.compareTo(Duration.ofHours(1)) > 0 ? defaultTtl : Duration.ofHours(1);
    return HttpCache.builder().defaultTtl(defaultTtl).maximumTtl(maximum).build();
  }

  /** A running proxy. */
  interface Proxy extends AutoCloseable {
    URI base();

    @Override
    void close() throws Exception;
  }

  /** Starts {@code adapter} with {@code cache} in front of a forwarder to {@code upstream}. */
  static Proxy start(String adapter, int port, URI upstream, HttpCache cache) throws Exception {
    return switch (adapter) {
      case "jetty" -> startJetty(port, upstream, cache);
      case "vertx" -> startVertx(port, upstream, cache);
      default -> throw new IllegalArgumentException("unknown adapter '" + adapter + "' (use jetty or vertx)");
    };
  }

  private static Proxy startJetty(int port, URI upstream, HttpCache cache) throws Exception {
    Vertx vertx = Vertx.vertx();
    Server server = new Server();
    HttpConfiguration relayed = new HttpConfiguration();
    relayed.setSendServerVersion(false); // the client sees the upstream's Server field or none
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(relayed));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.getMimeTypes().clear(); // no charset inferred into a Content-Type the upstream sent without one
    context.addFilter(new FilterHolder(new HttpCacheFilter(cache)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new ForwardingServlet(UpstreamClient.create(vertx, upstream))), "/*");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    return new Proxy() {
      public URI base() {
        return base;
      }

      public void close() throws Exception {
        try {
          server.stop();
        } finally {
          vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    };
  }

  private static Proxy startVertx(int port, URI upstream, HttpCache cache) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpCacheHandler surge = HttpCacheHandler.create(cache);
    Router router = Router.router(vertx);
    router.route().handler(surge);
    VertxForwarder forwarder = new VertxForwarder(UpstreamClient.create(vertx, upstream));
    router.route().handler(forwarder::handle);
    int actual = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(surge.capturing(router)).listen()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    URI base = URI.create("http://127.0.0.1:" + actual);
    return new Proxy() {
      public URI base() {
        return base;
      }

      public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    };
  }
}
