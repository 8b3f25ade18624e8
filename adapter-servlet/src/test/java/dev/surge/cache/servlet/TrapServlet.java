package dev.surge.cache.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A servlet that walks into each trap a capturing response wrapper must handle, one path per trap. It counts
 * renders per path, so a test can tell whether a response was stored.
 */
final class TrapServlet extends HttpServlet {

  static final String UNICODE_TEXT = "héllo wörld ✓ 日本";
  /** Text past Jetty's and Tomcat's response buffers, ending in a character outside the BMP. */
  static final String BIG_TEXT_WITH_EMOJI = "a".repeat(40_003) + "\uD83D\uDE00";
  static final int BIG_BYTES = 8 * 1024 * 1024;
  private static final String RENDER_ATTRIBUTE = "trap.render";

  private final transient ConcurrentMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();
  final transient CountDownLatch disconnectRenderEnded = new CountDownLatch(1);

  int renders(String path) {
    AtomicInteger count = renders.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = withoutPathParameters(request.getRequestURI());
    if (request.getDispatcherType() == DispatcherType.ASYNC) { // finishes a render that dispatched itself
      response.getOutputStream().write(
          ("async dispatched " + request.getAttribute(RENDER_ATTRIBUTE)).getBytes(StandardCharsets.UTF_8));
      return;
    }
    int render = renders.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
    switch (path) {
      case "/writer/utf8" -> {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(UNICODE_TEXT);
      }
      case "/writer/latin1" -> {
        response.setContentType("text/plain");
        response.setCharacterEncoding("ISO-8859-1");
        response.getWriter().print("café " + render);
      }
      case "/writer-then-stream" -> {
        PrintWriter writer = response.getWriter();
        try {
          response.getOutputStream();
          writer.print("both allowed");
        } catch (IllegalStateException refused) {
          writer.print("refused " + render);
        }
      }
      case "/flush" -> {
        ServletOutputStream out = response.getOutputStream();
        out.write(("first half " + render + ", ").getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
        out.write(("committed=" + response.isCommitted()).getBytes(StandardCharsets.UTF_8));
      }
      case "/length/int" -> shortBody(response, () -> response.setContentLength(40));
      case "/length/long" -> shortBody(response, () -> response.setContentLengthLong(40));
      case "/length/header" -> shortBody(response, () -> response.setHeader("Content-Length", "40"));
      case "/length/int-header" -> shortBody(response, () -> response.setIntHeader("Content-Length", 40));
      case "/length/add-header" -> shortBody(response, () -> response.addHeader("Content-Length", "40"));
      case "/length/add-int-header" -> shortBody(response, () -> response.addIntHeader("Content-Length", 40));
      case "/length/removed" -> shortBody(response, () -> {
        response.setContentLength(40);
        response.setHeader("Content-Length", null); // removes the header: the length is unknown again
      });
      case "/length/right" -> {
        byte[] body = ("exactly " + render).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      }
      case "/send-error" -> response.sendError(404, "not here");
      case "/send-error/no-message" -> response.sendError(404);
      case "/redirect/plain" -> response.sendRedirect("/elsewhere");
      case "/redirect/status" -> response.sendRedirect("/elsewhere", 301);
      case "/redirect/clear" -> response.sendRedirect("/elsewhere", true);
      case "/redirect/status-clear" -> response.sendRedirect("/elsewhere", 308, true);
      case "/async/no-args" -> {
        AsyncContext async = request.startAsync();
        async.start(() -> finishAsync(async, "async no-args " + render));
      }
      case "/async/with-args" -> {
        AsyncContext async = request.startAsync(request, response);
        async.start(() -> finishAsync(async, "async with-args " + render));
      }
      case "/async/dispatch" -> {
        request.setAttribute(RENDER_ATTRIBUTE, render);
        request.startAsync().dispatch();
      }
      case "/non-blocking" -> nonBlocking(request, response, render);
      case "/trailers" -> {
        response.setTrailerFields(() -> Map.of("x-checksum", "42"));
        response.getOutputStream().write(("with trailers " + render).getBytes(StandardCharsets.UTF_8));
      }
      case "/cookie-api" -> {
        response.addCookie(new Cookie("session", "alice-" + render));
        response.getWriter().print("cookie " + render);
      }
      case "/session-url" -> {
        request.getSession(true).setAttribute("user", "alice");
        response.getWriter().print("<a href=\"" + response.encodeURL("/checkout") + "\">checkout</a> " + render);
      }
      case "/session-rotate" -> {
        if (request.getSession(false) != null) {
          request.changeSessionId();
        }
        response.getWriter().print("<a href=\"" + response.encodeURL("/checkout") + "\">checkout</a> " + render);
      }
      case "/echo-body" -> response.getWriter().print("you searched for "
          + new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      case "/writer/unmappable" -> {
        response.setContentType("text/html");
        response.setCharacterEncoding("ISO-8859-1");
        response.getWriter().print("café € \uD83D\uDE00 ok");
      }
      case "/writer/default-charset-unmappable" -> {
        response.setContentType("text/html");
        response.getWriter().print("café € \uD83D\uDE00 ok");
      }
      case "/writer/lone-surrogate" -> {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("lone \uD800 surrogate, and a reversed pair \uDE00\uD83D");
      }
      case "/writer/split-pair" -> {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        writer.print("split ");
        writer.write('\uD83D');
        writer.flush();
        writer.write('\uDE00');
        writer.print(" pair");
      }
      case "/writer/big-emoji" -> {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(BIG_TEXT_WITH_EMOJI);
      }
      case "/writer/utf16" -> {
        response.setContentType("text/plain;charset=UTF-16");
        PrintWriter writer = response.getWriter();
        writer.print("two ");
        writer.print("writes \uD83D\uDE00");
      }
      case "/session" -> {
        request.getSession(true).setAttribute("user", "alice");
        response.getWriter().print("session " + render);
      }
      case "/throw-after-partial" -> {
        response.getOutputStream().write(new byte[2048]);
        response.flushBuffer();
        if (render == 1) {
          throw new IllegalStateException("render failed half-way");
        }
      }
      case "/big" -> writeBig(response.getOutputStream());
      case "/disconnect" -> {
        try {
          writeBig(response.getOutputStream());
          writeBig(response.getOutputStream());
          writeBig(response.getOutputStream());
        } finally {
          disconnectRenderEnded.countDown();
        }
      }
      case "/disconnect-writer" -> {
        try {
          PrintWriter writer = response.getWriter(); // swallows the client's going away, as PrintWriters do
          String line = "x".repeat(1023) + "\n";
          for (int i = 0; i < 24 * 1024; i++) {
            writer.print(line);
          }
        } finally {
          disconnectRenderEnded.countDown();
        }
      }
      case "/disconnect-swallowed" -> {
        try {
          writeBig(response.getOutputStream());
          writeBig(response.getOutputStream());
          writeBig(response.getOutputStream());
        } catch (IOException clientWentAway) {
          // an application that logs the failed write and returns normally
        } finally {
          disconnectRenderEnded.countDown();
        }
      }
      case "/reset-buffer/stream" -> {
        ServletOutputStream out = response.getOutputStream();
        out.write("discarded ".getBytes(StandardCharsets.UTF_8));
        response.resetBuffer();
        out.write(("kept " + render).getBytes(StandardCharsets.UTF_8));
      }
      case "/reset-buffer/writer" -> {
        PrintWriter writer = response.getWriter();
        writer.print("discarded ");
        response.resetBuffer();
        writer.print("kept " + render);
      }
      case "/reset/stream" -> {
        response.setContentLength(1000);
        response.getOutputStream().write("discarded ".getBytes(StandardCharsets.UTF_8));
        response.reset();
        response.getOutputStream().write(("kept " + render).getBytes(StandardCharsets.UTF_8));
      }
      case "/reset/writer" -> {
        response.setContentLength(1000);
        response.getWriter().print("discarded ");
        response.reset();
        response.getWriter().print("kept " + render);
      }
      case "/reset/writer-then-stream" -> {
        response.getWriter().print("discarded ");
        response.reset();
        response.getOutputStream().write(("kept " + render).getBytes(StandardCharsets.UTF_8));
      }
      case "/head-by-default" -> response.getWriter().print("get body " + render);
      case "/items", "/items/1", "/items/1/summary", "/items/2" -> response.getWriter().print(path + " " + render);
      default -> response.sendError(404);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = withoutPathParameters(request.getRequestURI());
    renders.computeIfAbsent("POST " + path, ignored -> new AtomicInteger()).incrementAndGet();
    if (path.equals("/items/1")) {
      response.setStatus(303);
      response.setHeader("Location", "/items");
      response.setHeader("Content-Location", request.getRequestURL().toString().replace("/items/1", "/items/1/summary"));
    } else {
      response.sendError(405);
    }
  }

  /** The request path without {@code ;name=value} parameters, such as a URL-tracked session id. */
  private static String withoutPathParameters(String uri) {
    return uri.replaceAll(";[^/]*", "");
  }

  static byte[] bigBody() {
    byte[] body = new byte[BIG_BYTES];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31 + (i >>> 13));
    }
    return body;
  }

  private static void writeBig(ServletOutputStream out) throws IOException {
    byte[] body = bigBody();
    for (int offset = 0; offset < body.length; offset += 64 * 1024) {
      out.write(body, offset, 64 * 1024);
    }
  }

  private interface Declaration {
    void declare();
  }

  private static void shortBody(HttpServletResponse response, Declaration declaration) throws IOException {
    declaration.declare();
    response.getOutputStream().write("only twenty bytes...".getBytes(StandardCharsets.UTF_8));
  }

  private static void finishAsync(AsyncContext async, String text) {
    try {
      async.getResponse().getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException failed) {
      throw new IllegalStateException(failed);
    } finally {
      async.complete();
    }
  }

  private static void nonBlocking(HttpServletRequest request, HttpServletResponse response, int render)
      throws IOException {
    AsyncContext async = request.startAsync();
    ServletOutputStream out = response.getOutputStream();
    AtomicBoolean written = new AtomicBoolean();
    out.setWriteListener(new WriteListener() {
      @Override
      public void onWritePossible() throws IOException {
        if (out.isReady() && written.compareAndSet(false, true)) {
          out.write(("non-blocking " + render).getBytes(StandardCharsets.UTF_8));
          async.complete();
        }
      }

      @Override
      public void onError(Throwable failure) {
        async.complete();
      }
    });
  }
}
