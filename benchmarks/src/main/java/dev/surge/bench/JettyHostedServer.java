package dev.surge.bench;

import dev.surge.cache.HttpCache;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A demo server on Jetty 12.1 (ee11), on loopback with 400 threads: subclasses only fill the servlet context
 * with their application, with or without Surge in front.
 */
abstract class JettyHostedServer implements DemoServer {

  /** The wiki's pages. */
  protected final PageSource site;
  /** The cache in front of the wiki, when there is one. */
  protected final Optional<HttpCache> cache;
  private Server server;

  JettyHostedServer(PageSource site, Optional<HttpCache> cache) {
    this.site = site;
    this.cache = cache;
  }

  /** Adds the application (and Surge's filter, when {@link #cache} is set) to {@code context}. */
  abstract void configure(ServletContextHandler context);

  /** The server's handler: by default the servlet context itself. */
  Handler around(ServletContextHandler context) {
    return context;
  }

  @Override
  public URI start(int port) throws Exception {
    server = new Server(new QueuedThreadPool(400));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    configure(context);
    server.setHandler(around(context));
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public Optional<HttpCache> cache() {
    return cache;
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
