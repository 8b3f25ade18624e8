package dev.surge.cache.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Tomcat 11 embedded; {@link #applyingForwardedHeaders()} adds Tomcat's {@code RemoteIpValve}, set up as Spring
 * Boot sets it up for {@code server.forward-headers-strategy=native}; {@link #compressing()} turns on the
 * connector's own compression.
 */
final class TomcatContainer implements EmbeddedContainer {

  private final boolean forwardedHeaders;
  private final boolean compression;
  private Tomcat tomcat;

  TomcatContainer() {
    this(false, false);
  }

  private TomcatContainer(boolean forwardedHeaders, boolean compression) {
    this.forwardedHeaders = forwardedHeaders;
    this.compression = compression;
  }

  /** A Tomcat whose connector compresses responses itself ({@code compression="on"}, text/html included). */
  static TomcatContainer compressing() {
    return new TomcatContainer(false, true);
  }

  /**
   * A Tomcat that applies {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} to requests
   * from a proxy on an internal address, loopback included.
   */
  static TomcatContainer applyingForwardedHeaders() {
    return new TomcatContainer(true, false);
  }

  @Override
  public URI start(Filter filter, Map<String, String> initParameters, HttpServlet servlet,
      Set<SessionTrackingMode> sessionTracking) throws Exception {
    File baseDir = Files.createTempDirectory("surge-tomcat").toFile();
    baseDir.deleteOnExit();
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    if (compression) {
      tomcat.getConnector().setProperty("compression", "on");
      tomcat.getConnector().setProperty("compressibleMimeType", "text/html,text/plain");
    }
    if (forwardedHeaders) {
      RemoteIpValve valve = new RemoteIpValve();
      valve.setRemoteIpHeader("X-Forwarded-For");
      valve.setProtocolHeader("X-Forwarded-Proto");
      valve.setHostHeader("X-Forwarded-Host");
      valve.setPortHeader("X-Forwarded-Port");
      tomcat.getEngine().getPipeline().addValve(valve);
    }
    Context context = tomcat.addContext("", null);
    if (!sessionTracking.isEmpty()) {
      context.addServletContainerInitializer((classes, servletContext) ->
          servletContext.setSessionTrackingModes(sessionTracking), null);
    }
    FilterDef filterDef = new FilterDef();
    filterDef.setFilterName("surge");
    filterDef.setFilter(filter);
    filterDef.setAsyncSupported("true");
    initParameters.forEach(filterDef::addInitParameter);
    context.addFilterDef(filterDef);
    FilterMap filterMap = new FilterMap();
    filterMap.setFilterName("surge");
    filterMap.addURLPattern("/*");
    filterMap.setDispatcher(DispatcherType.REQUEST.name());
    filterMap.setDispatcher(DispatcherType.ASYNC.name());
    context.addFilterMap(filterMap);
    Wrapper wrapper = Tomcat.addServlet(context, "app", servlet);
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "app");
    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      throw new IllegalStateException("the Tomcat context did not start (a filter init failure?)");
    }
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Override
  public String toString() {
    return forwardedHeaders ? "Tomcat 11 with RemoteIpValve" : compression ? "Tomcat 11 compressing" : "Tomcat 11";
  }
}
