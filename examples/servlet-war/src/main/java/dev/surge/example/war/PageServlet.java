package dev.surge.example.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain servlet that knows nothing of Surge: {@code WEB-INF/web.xml} puts Surge's filter in front of it.
 * The page counts its renders, so a repeat request that shows the same number was answered by Surge.
 */
public class PageServlet extends HttpServlet {

  private final AtomicInteger renders = new AtomicInteger();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("Hello from a servlet, render #" + renders.incrementAndGet() + "\n");
  }
}
