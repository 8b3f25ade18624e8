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

/**
 * Jetty 12.1 with the ee11 (Servlet 6.1) environment; {@link #applyingForwardedHeaders()} adds Jetty's {@code
 * ForwardedRequestCustomizer} to the connector, as a Jetty behind a proxy is set up.
 */
final class JettyContainer implements EmbeddedContainer {

  private final boolean forwardedHeaders;
  private Server server;

  JettyContainer() {
    this(false);
  }

  private JettyContainer(boolean forwardedHeaders) {
    this.forwardedHeaders = forwardedHeaders;
  }

  /** A Jetty whose connector applies {@code X-Forwarded-*} and {@code Forwarded} to every request. */
  static JettyContainer applyingForwardedHeaders() {
    return new JettyContainer(true);
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
    server.setHandler(context);
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
    return forwardedHeaders ? "Jetty 12.1 ee11 with ForwardedRequestCustomizer" : "Jetty 12.1 ee11";
  }
}
