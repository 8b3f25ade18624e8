package dev.surge.cache.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * Jetty 12.1 with the ee11 (Servlet 6.1) environment; {@link #applyingForwardedHeaders()} adds Jetty's {@code
 * ForwardedRequestCustomizer} to the connector, as a Jetty behind a proxy is set up; {@link
 * #behindGzipHandler()} puts Jetty's own {@code GzipHandler} in front of the context.
 */
final class JettyContainer implements EmbeddedContainer {

  private final boolean forwardedHeaders;
  private final boolean gzipHandler;
  private Server server;

  JettyContainer() {
    this(false, false);
  }

  private JettyContainer(boolean forwardedHeaders, boolean gzipHandler) {
    this.forwardedHeaders = forwardedHeaders;
    this.gzipHandler = gzipHandler;
  }

  /** A Jetty that compresses responses with its {@code GzipHandler} around the servlet context. */
  static JettyContainer behindGzipHandler() {
    return new JettyContainer(false, true);
  }

  /** A Jetty whose connector applies {@code X-Forwarded-*} and {@code Forwarded} to every request. */
  static JettyContainer applyingForwardedHeaders() {
    return new JettyContainer(true, false);
  }

  @Override
  public URI start(Filter filter, Map<String, String> initParameters, HttpServlet servlet,
      Set<SessionTrackingMode> sessionTracking) throws Exception {
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    if (forwardedHeaders) {
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
    if (!sessionTracking.isEmpty()) {
      context.getSessionHandler().setSessionTrackingModes(sessionTracking);
    }
    FilterHolder filterHolder = new FilterHolder(filter);
    filterHolder.setAsyncSupported(true);
    filterHolder.setInitParameters(initParameters);
    context.addFilter(filterHolder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    ServletHolder servletHolder = new ServletHolder(servlet);
    servletHolder.setAsyncSupported(true);
    context.addServlet(servletHolder, "/*");
    server.setHandler(gzipHandler ? new GzipHandler(context) : context);
    server.start();
    if (!context.isAvailable()) {
      throw new IllegalStateException("the Jetty context is unavailable (a filter init failure?)");
    }
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void stop() throws Exception {
    server.stop();
  }

  @Override
  public String toString() {
    return forwardedHeaders ? "Jetty 12.1 ee11 with ForwardedRequestCustomizer"
        : gzipHandler ? "Jetty 12.1 ee11 behind GzipHandler" : "Jetty 12.1 ee11";
  }
}
