package dev.surge.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A forwarding servlet: sends each request (method, path, query, end-to-end headers, body) to one upstream
 * with the JDK's HTTP client and relays its answer (any status, end-to-end headers, body) unchanged; never
 * follows redirects.
 */
final class ForwardingServlet extends HttpServlet {

  private final transient HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI upstream;

  ForwardingServlet(URI upstream) {
    this.upstream = upstream;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    HttpRequest.Builder outgoing = HttpRequest.newBuilder(upstream.resolve(target))
        .method(request.getMethod(), hasBody(request)
            ? HttpRequest.BodyPublishers.ofInputStream(() -> inputOf(request))
            : HttpRequest.BodyPublishers.noBody());
    ForwardedHeaders rule = new ForwardedHeaders(Collections.list(request.getHeaders("Connection")));
    for (String name : Collections.list(request.getHeaderNames())) {
      if (rule.passes(name)) {
        Collections.list(request.getHeaders(name)).forEach(value -> outgoing.header(name, value));
      }
    }
    HttpResponse<InputStream> answer;
    try {
      answer = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while forwarding");
    }
    response.setStatus(answer.statusCode());
    Map<String, List<String>> fields = answer.headers().map();
    ForwardedHeaders back = new ForwardedHeaders(fields.getOrDefault("connection", List.of()));
    fields.forEach((name, values) -> {
      if (back.passes(name)) {
        values.forEach(value -> response.addHeader(name, value));
      }
    });
    try (InputStream body = answer.body(); OutputStream out = response.getOutputStream()) {
      body.transferTo(out);
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static InputStream inputOf(HttpServletRequest request) {
    try {
      return request.getInputStream();
    } catch (IOException failed) {
      throw new IllegalStateException(failed);
    }
  }
}
