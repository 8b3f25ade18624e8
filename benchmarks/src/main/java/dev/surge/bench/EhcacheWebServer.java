package dev.surge.bench;

import dev.surge.cache.HttpCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.sf.ehcache.CacheManager;
import net.sf.ehcache.constructs.web.filter.SimplePageCachingFilter;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The peer Java users picked before Surge: ehcache-web's {@code SimplePageCachingFilter} in front of the same
 * pages, on Tomcat 9 (javax servlet, which that filter needs). Its cache is configured by {@code ehcache.xml}.
 */
final class EhcacheWebServer implements DemoServer {

  private final PageSource site;
  private Tomcat tomcat;

  EhcacheWebServer(PageSource site) {
    this.site = site;
  }

  @Override
  public URI start(int port) throws Exception {
    System.setProperty("net.sf.ehcache.skipUpdateCheck", "true");
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("surge-ehcache-peer").toString());
    tomcat.setPort(port);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    FilterDef filter = new FilterDef();
    filter.setFilterName("SimplePageCachingFilter");
    filter.setFilter(new SimplePageCachingFilter());
    context.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("SimplePageCachingFilter");
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
    Tomcat.addServlet(context, "wiki", new PageServlet(site));
    context.addServletMappingDecoded("/*", "wiki");
    tomcat.start();
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public Optional<HttpCache> cache() {
    return Optional.empty();
  }

  @Override
  public String adapter() {
    return "tomcat9-ehcache";
  }

  @Override
  public void close() throws Exception {
    CacheManager.getInstance().shutdown(); // before Tomcat stops, as ehcache 2.6 wants
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  /** Renders a page per request (javax servlet API). */
  private static final class PageServlet extends HttpServlet {
    private final transient PageSource site;

    PageServlet(PageSource site) {
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
