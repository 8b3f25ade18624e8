package dev.surge.cache.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;

/** A real servlet container started on a loopback address and a free port, with one filter and one servlet. */
interface EmbeddedContainer {

  /** Starts the container with {@code filter} mapped to REQUEST and ASYNC dispatches before {@code servlet}. */
  URI start(Filter filter, HttpServlet servlet) throws Exception;

  /** Stops the container. */
  void stop() throws Exception;
}
