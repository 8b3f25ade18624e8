package dev.surge.cache.servlet;

import dev.surge.cache.diff.BehaviourGenerator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The differential suite's generated application as a servlet: {@code /diff/{case}} acts out that case. */
final class DiffServlet extends HttpServlet {

  private final long seed;

  DiffServlet(long seed) {
    this.seed = seed;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      return;
    }
    String path = request.getRequestURI().replaceAll(";[^/]*", "");
    if (!path.matches("/diff/\\d+")) {
      response.sendError(404);
      return;
    }
    int caseId = Integer.parseInt(path.substring("/diff/".length()));
    ServletBehaviour.actOut(BehaviourGenerator.generate(seed, caseId), request, response);
  }
}
