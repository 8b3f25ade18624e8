package dev.surge.cache.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.SessionTrackingMode;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/** A real servlet container started on a loopback address and a free port, with one filter and one servlet. */
interface EmbeddedContainer {

  /** Starts the container with {@code filter} mapped to REQUEST and ASYNC dispatches before {@code servlet}. */
  default URI start(Filter filter, HttpServlet servlet) throws Exception {
    return start(filter, Map.of(), servlet);
  }

  /**
   * Starts the container as {@link #start(Filter, HttpServlet)} does, giving the filter {@code initParameters};
   * throws if the filter or the context fails to start.
   */
  default URI start(Filter filter, Map<String, String> initParameters, HttpServlet servlet) throws Exception {
    return start(filter, initParameters, servlet, Set.of());
  }

  /**
   * Starts the container as {@link #start(Filter, Map, HttpServlet)} does, tracking sessions only by {@code
   * sessionTracking} (the container's default when empty): with {@code URL} alone, a session id travels in
   * the links {@code encodeURL} writes, and no cookie is set.
   */
  URI start(Filter filter, Map<String, String> initParameters, HttpServlet servlet,
      Set<SessionTrackingMode> sessionTracking) throws Exception;

  /** Stops the container. */
  void stop() throws Exception;
}
