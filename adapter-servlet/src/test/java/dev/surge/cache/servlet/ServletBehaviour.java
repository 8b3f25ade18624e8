package dev.surge.cache.servlet;

import dev.surge.cache.diff.Behaviour;
import dev.surge.cache.diff.DiffRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The differential suite's generated application on the servlet API: acts out a case's {@link Behaviour}
 * (writer or stream, flushes, declared lengths, {@code sendError}, {@code sendRedirect}, cookies by API and
 * by header, sessions, async completion, failures before and after a partial write, the fields and 304s of
 * the request's moment). Shared by the servlet
 * and the Spring differential tests.
 */
public final class ServletBehaviour {

  private ServletBehaviour() {}

  /** Acts out {@code behaviour} on {@code request} and {@code response}. */
  public static void actOut(Behaviour behaviour, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String requestBody = behaviour.echoesRequestBody()
        ? new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        : "";
    DiffRequest view = new DiffRequest(request::getHeader, requestBody);
    if (behaviour.failure() == Behaviour.Failure.BEFORE_WRITING) {
      throw new IllegalStateException("generated failure before writing");
    }
    boolean notModified = behaviour.answersNotModified(view);
    if (!notModified || behaviour.notModifiedForm().carriesMetadata()) {
      response.setContentType(behaviour.contentType());
      behaviour.cacheControl().ifPresent(value -> response.setHeader("Cache-Control", value));
      if (behaviour.varyOnLanguage()) {
        response.setHeader("Vary", "Accept-Language");
      }
    }
    if (!notModified || behaviour.notModifiedCarriesValidators(view)) {
      behaviour.etag(view).ifPresent(tag -> response.setHeader("ETag", tag));
      behaviour.lastModified(view).ifPresent(date -> response.setHeader("Last-Modified", date));
    }
    behaviour.revisionField(view).ifPresent(value -> response.setHeader(Behaviour.REVISION_FIELD, value));
    switch (behaviour.cookie()) {
      case API -> response.addCookie(new Cookie("pref", "case-" + behaviour.caseId()));
      case HEADER -> response.addHeader("Set-Cookie", "pref=case-" + behaviour.caseId() + "; Path=/");
      case NONE -> { }
    }
    if (notModified) {
      response.setStatus(304);
      return;
    }
    switch (behaviour.ending()) {
      case SEND_ERROR -> {
        response.sendError(behaviour.status() >= 400 ? behaviour.status() : 500);
        return;
      }
      case SEND_REDIRECT -> {
        response.sendRedirect("/diff/elsewhere");
        return;
      }
      default -> { }
    }
    response.setStatus(behaviour.status());
    String text = behaviour.bodyText(view);
    if (behaviour.createsSession()) {
      request.getSession(true).setAttribute("case", behaviour.caseId());
      text = text + " link=" + response.encodeURL("/diff/next");
    }
    if (behaviour.ending() == Behaviour.Ending.ASYNC) {
      AsyncContext async = request.startAsync();
      String body = text;
      async.start(() -> {
        try {
          write(behaviour, body, (HttpServletResponse) async.getResponse());
        } catch (IOException | RuntimeException failed) {
          // the client sees a cut response, as without the cache
        } finally {
          async.complete();
        }
      });
      return;
    }
    write(behaviour, text, response);
  }

  private static void write(Behaviour behaviour, String text, HttpServletResponse response) throws IOException {
    if (behaviour.output() == Behaviour.Output.WRITER) {
      PrintWriter writer = response.getWriter();
      List<String> writes = behaviour.textWrites(text);
      for (int i = 0; i < writes.size(); i++) {
        writer.write(writes.get(i));
        afterWrite(behaviour, i + 1, writes.size(), response);
      }
      return;
    }
    byte[] body = text.getBytes(behaviour.charset());
    behaviour.declaredLengthFor(body).ifPresent(response::setContentLengthLong);
    ServletOutputStream out = response.getOutputStream();
    List<int[]> writes = behaviour.byteWrites(body);
    for (int i = 0; i < writes.size(); i++) {
      out.write(body, writes.get(i)[0], writes.get(i)[1]);
      afterWrite(behaviour, i + 1, writes.size(), response);
    }
  }

  /** Flushes where the case says, and fails half-way through when it says so. */
  private static void afterWrite(Behaviour behaviour, int written, int writes, HttpServletResponse response)
      throws IOException {
    if (behaviour.flushAfterWrites().contains(written)) {
      response.flushBuffer();
    }
    if (behaviour.failure() == Behaviour.Failure.AFTER_PARTIAL_WRITE && written == (writes + 1) / 2) {
      response.flushBuffer();
      throw new UncheckedIOException(new IOException("generated failure after a partial write"));
    }
  }
}
