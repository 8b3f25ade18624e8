package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;

/** The wiki as a plain servlet on Jetty 12.1 (ee11), with {@link HttpCacheFilter} in front when cached. */
final class JettyWikiServer extends JettyHostedServer {

  JettyWikiServer(PageSource site, Optional<HttpCache> cache) {
    super(site, cache);
  }

  @Override
  void configure(ServletContextHandler context) {
    cache.ifPresent(c -> context.addFilter(new FilterHolder(new HttpCacheFilter(c)), "/*",
        EnumSet.of(DispatcherType.REQUEST)));
    context.addServlet(new ServletHolder(new WikiServlet(site)), "/*");
  }

  @Override
  public String adapter() {
    return "jetty";
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
      site.headers().forEach(response::setHeader);
      response.getOutputStream().write(page.get());
    }
  }
}
