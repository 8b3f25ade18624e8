package dev.surge.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A forwarding servlet: sends each request (method, path, query, end-to-end headers, and its body, read whole,
 * when it has one) to one upstream through an {@link UpstreamClient} and relays its answer (any status,
 * end-to-end headers, body) unchanged, streaming the body; never follows redirects. A field the upstream sent
 * replaces one the container set (Jetty sets its own {@code Date}), so it reaches the client once; when the
 * upstream sent no {@code Date}, the container's stays. The answer to a {@code HEAD} keeps the upstream's
 * {@code Content-Length}, the length of the page (RFC 9110 §8.6), and gets none when the upstream sent none. An
 * answer the upstream cuts short reaches the client cut short, never as the container's error page. When the
 * upstream gives no answer, the client gets {@code 502}.
 *
 * <p>The {@code Content-Type} goes through Jetty's servlet layer, which adds no charset (the proxy's context
 * infers none) but writes a type it knows in its own spelling: {@code text/plain;charset=UTF-8} reaches the
 * client as {@code text/plain;charset=utf-8}, which means the same (RFC 9110 §8.3.1, §8.3.2).
 */
final class ForwardingServlet extends HttpServlet {

  private final transient UpstreamClient upstream;

  ForwardingServlet(UpstreamClient upstream) {
    this.upstream = upstream;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    BlockingAnswer answer;
    try {
      answer = upstream.send(upstreamRequest(request), taken -> Future.succeededFuture(new BlockingAnswer(taken)))
          .toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while forwarding");
    } catch (ExecutionException failed) {
      response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream()
          .write(("upstream failed: " + failed.getCause().getMessage()).getBytes(StandardCharsets.UTF_8));
      return;
    }
    response.setStatus(answer.status());
    MultiMap fields = answer.fields();
    ForwardedHeaders back = new ForwardedHeaders(fields.getAll("Connection"));
    for (String name : fields.names()) {
      if (back.passes(name)) {
        List<String> values = fields.getAll(name);
        response.setHeader(name, values.get(0)); // replaces what the container set first, such as its own Date
        values.subList(1, values.size()).forEach(value -> response.addHeader(name, value));
      }
    }
    if (request.getMethod().equals("HEAD")) {
      relayHeadLength(fields, response);
    }
    try {
      answer.copyBodyTo(response.getOutputStream());
    } catch (IOException cut) {
      try {
        response.flushBuffer(); // commits what arrived, so that the failure cuts the answer, never replaces it
      } catch (IOException alsoFailed) {
        cut.addSuppressed(alsoFailed);
      }
      throw cut;
    }
  }

  /**
   * The answer to a {@code HEAD} has no body, so its {@code Content-Length} is the page's length (RFC 9110
   * §8.6): the upstream's when it sent one; none otherwise, so the head is sent before the container could
   * declare the empty body's.
   */
  private static void relayHeadLength(MultiMap fields, HttpServletResponse response) throws IOException {
    String length = fields.get("Content-Length");
    if (length != null) {
      response.setHeader("Content-Length", length);
    } else {
      response.flushBuffer();
    }
  }

  private static UpstreamRequest upstreamRequest(HttpServletRequest request) throws IOException {
    String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders rule = new ForwardedHeaders(Collections.list(request.getHeaders("Connection")));
    for (String name : Collections.list(request.getHeaderNames())) {
      if (rule.passes(name)) {
        fields.add(name, Collections.list(request.getHeaders(name)));
      }
    }
    boolean framed = request.getHeader("Content-Length") != null || request.getHeader("Transfer-Encoding") != null;
    Buffer read = Buffer.buffer(request.getInputStream().readAllBytes());
    return new UpstreamRequest(HttpMethod.valueOf(request.getMethod()), target, fields,
        UpstreamRequest.bodyOf(framed, read));
  }
}
