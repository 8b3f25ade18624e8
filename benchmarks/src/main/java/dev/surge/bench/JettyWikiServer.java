package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The wiki as a plain servlet on Jetty 12.1 (ee11), with {@link HttpCacheFilter} in front when cached. */
final class JettyWikiServer implements DemoServer {

  private final PageSource site;
  private final Optional<HttpCache> cache;
  private Server server;

  JettyWikiServer(PageSource site, Optional<HttpCache> cache) {
    this.site = site;
    this.cache = cache;
  }

  @Override
  public URI start(int port) throws Exception {
    server = new Server(new QueuedThreadPool(400));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    cache.ifPresent(c -> context.addFilter(new FilterHolder(new HttpCacheFilter(c)), "/*",
        EnumSet.of(DispatcherType.REQUEST)));
    context.addServlet(new ServletHolder(new WikiServlet(site)), "/*");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public Optional<HttpCache> cache() {
    return cache;
  }

  @Override
  public String adapter() {
    return "jetty";
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  /** Renders a wiki page per request. */
  private static final class WikiServlet extends HttpServlet {
    private final transient PageSource site;

    WikiServlet(PageSource site) {
      this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Optional<byte[]> page = site.render(request.getRequestURI());
      if (page.isEmpty()) {
        response.sendError(404);
        return;
      }
      response.setContentType("text/html;charset=utf-8");
      response.setContentLength(page.get().length);
      response.getOutputStream().write(page.get());
    }
  }
}
