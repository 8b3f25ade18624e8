package dev.surge.cache.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;

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
  URI start(Filter filter, Map<String, String> initParameters, HttpServlet servlet) throws Exception;

  /** Stops the container. */
  void stop() throws Exception;
}
