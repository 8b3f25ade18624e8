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
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * The wiki as a plain servlet on Jetty 12.1 (ee11), with {@link HttpCacheFilter} in front when cached, or
 * behind Jetty's {@code GzipHandler} when it compresses on the fly.
 */
final class JettyWikiServer extends JettyHostedServer {

  private final boolean compressing;

  JettyWikiServer(PageSource site, Optional<HttpCache> cache) {
    this(site, cache, false);
  }

  private JettyWikiServer(PageSource site, Optional<HttpCache> cache, boolean compressing) {
    super(site, cache);
    this.compressing = compressing;
  }

  /**
   * Without a cache, every response compressed on every request by Jetty's {@code GzipHandler} with its
   * defaults (gzip at the deflater's default level, 6; GET only; responses of 32 bytes and more; {@code Vary:
   * Accept-Encoding} added).
   */
  static JettyWikiServer compressingOnTheFly(PageSource site) {
    return new JettyWikiServer(site, Optional.empty(), true);
  }

  @Override
  @SuppressWarnings("deprecation") // deprecated in 12.1 for jetty-compression's CompressionHandler, still shipped
  Handler around(ServletContextHandler context) {
    return compressing ? new GzipHandler(context) : context;
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

  /** Renders a wiki page per request, or answers 304 when the source says the page asked for is current. */
  private static final class WikiServlet extends HttpServlet {
    private final transient PageSource site;

    WikiServlet(PageSource site) {
      this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      PageAnswer answer = site.answer(request.getRequestURI(), Optional.ofNullable(request.getHeader("If-None-Match")));
      if (answer instanceof PageAnswer.Page page) {
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(page.body().length);
        page.headers().forEach(response::setHeader);
        response.getOutputStream().write(page.body());
      } else if (answer instanceof PageAnswer.NotModified notModified) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        notModified.headers().forEach(response::setHeader);
      } else {
        response.sendError(404);
      }
    }
  }
}
