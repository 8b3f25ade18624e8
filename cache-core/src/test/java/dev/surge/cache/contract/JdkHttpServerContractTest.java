package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.ResponseHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the adapter contract against the smallest possible adapter: the JDK's own HTTP server driving the
 * pipeline step directly. It proves the contract and the step fit together before any framework is
 * involved, and shows in one page what an adapter has to do. Public, so that a store's test can run the
 * contract with its store behind this adapter.
 */
public class JdkHttpServerContractTest extends AdapterContract {

  private HttpServer server;
  private ExecutorService threads;
  /** Every answer of the core this adapter could not write as given, with why. */
  private final Queue<String> unwritable = new ConcurrentLinkedQueue<>();

  /** The adapter writes what the core gives: an answer it could not write fails the test that caused it. */
  @AfterEach
  void everyAnswerOfTheCoreWasWrittenAsGiven() {
    assertThat(unwritable).as("answers of the core the JDK server cannot carry as given").isEmpty();
  }

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws IOException {
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      // On a failure the exchange is left open: the server then drops the connection, so a client whose
      // response broke off sees it cut short rather than ended.
      serve(cache.step(), app, exchange, unwritable);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  protected void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void serve(
      PipelineStep step, ContractApplication app, HttpExchange exchange, Queue<String> unwritable) throws IOException {
    Outcome outcome = step.before(new ExchangeView(exchange));
    try {
      while (outcome instanceof Await wait) {
        outcome = wait.next().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } catch (Exception interrupted) {
      throw new IOException("waiting for another render failed", interrupted);
    }
    if (outcome instanceof Answer answer) {
      write(exchange, answer.response(), unwritable);
      return;
    }
    PipelineStep.Exchange pass = ((Proceed) outcome).exchange();
    try {
      ContractResponse rendered = renderedOrServerError(app, exchange, pass.conditionalFields());
      if (rendered.status() == 304 && pass.conditionalFields().size() > 0) {
        Optional<CachedResponse> validated = pass.notModified(capture(pass, rendered));
        if (validated.isPresent()) {
          write(exchange, validated.get(), unwritable);
          step.completed(pass, capture(pass, rendered));
          return;
        }
      }
      Optional<CachedResponse> stale = pass.staleIfError(rendered.status());
      if (stale.isPresent()) {
        write(exchange, stale.get(), unwritable);
        step.failed(pass, new IllegalStateException("answered " + rendered.status() + "; sent a stale copy"));
        return;
      }
      pass.extraHeaders().forEach(exchange.getResponseHeaders()::add);
      try {
        rendered.headers().forEach(field -> exchange.getResponseHeaders().add(field.name(), field.value()));
      } catch (IllegalArgumentException refusedField) {
        // The server refuses a field value (a CR or LF in it) before anything was sent: it answers as it does a
        // handler that failed, with a 500, and the render is reported failed.
        exchange.getResponseHeaders().clear();
        step.failed(pass, refusedField);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      boolean bodyless = isHead(exchange) || rendered.status() == 204 || rendered.status() == 304;
      long length = rendered.failsAfterBody() ? 0 : lengthArgument(rendered.body().length); // 0: chunked
      exchange.sendResponseHeaders(rendered.status(), bodyless ? -1 : length);
      if (!bodyless) {
        exchange.getResponseBody().write(rendered.body());
      }
      if (rendered.failsAfterBody()) {
        exchange.getResponseBody().flush();
        throw new RenderFailure("the render broke off after writing part of the body");
      }
      step.completed(pass, capture(pass, rendered));
    } catch (IOException | InterruptedException | RuntimeException failure) {
      step.failed(pass, failure);
      throw new IOException(failure);
    }
  }

  /**
   * The application's response, or a 500 when it throws, as a server answers a failed handler; the
   * application sees {@code conditionalFields}, when there are any, in place of the client's own.
   */
  private static ContractResponse renderedOrServerError(
      ContractApplication app, HttpExchange exchange, ResponseHeaders conditionalFields) throws InterruptedException {
    try {
      return app.handle(toContractRequest(exchange, conditionalFields));
    } catch (RuntimeException failure) {
      return new ContractResponse(500, List.of(), "render failed".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static CapturedResponse capture(PipelineStep.Exchange pass, ContractResponse rendered) {
    CapturedResponse.Builder capture = CapturedResponse.builder().status(rendered.status());
    rendered.headers().forEach(field -> capture.header(field.name(), field.value()));
    if (pass.capturesBody()) {
      long limit = pass.captureLimit().bytes();
      if (rendered.body().length > limit) {
        capture.body(rendered.body(), (int) limit).overflowed();
      } else {
        capture.body(rendered.body());
      }
    }
    return capture.build();
  }

  /**
   * Writes {@code response} as the core gave it: every field (a {@code Content-Length} included), and the body.
   * The JDK server frames a response itself and drops a body where HTTP has none (a HEAD, 1xx, 204, 304) or a
   * length that is not the body's; rather than hide such an answer, this adapter records it and drops the
   * connection before sending a byte, so the client's request fails and the test fails with it.
   */
  private static void write(HttpExchange exchange, CachedResponse response, Queue<String> unwritable)
      throws IOException {
    int status = response.status();
    boolean bodyless = isHead(exchange) || status < 200 || status == 204 || status == 304;
    Optional<String> length = response.headers().first("Content-Length");
    String problem = bodyless && response.bodyLength() > 0
        ? "a " + (isHead(exchange) ? "HEAD answer" : status + "") + " with " + response.bodyLength() + " body bytes"
        : !bodyless && length.isPresent() && !length.get().equals(Integer.toString(response.bodyLength()))
            ? "a " + status + " saying Content-Length " + length.get() + " for " + response.bodyLength() + " body bytes"
            : null;
    if (problem != null) {
      unwritable.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + problem);
      throw new IOException("the core answered " + problem + ", which this server cannot write as given");
    }
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    if (bodyless || response.bodyLength() == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, response.bodyLength());
    try (OutputStream body = exchange.getResponseBody()) {
      response.writeBodyTo(body);
    }
  }

  private static long lengthArgument(int length) {
    return length == 0 ? -1 : length;
  }

  private static boolean isHead(HttpExchange exchange) {
    return exchange.getRequestMethod().equals("HEAD");
  }

  private static ContractRequest toContractRequest(HttpExchange exchange, ResponseHeaders conditionalFields) {
    URI target = exchange.getRequestURI();
    String url = "http://" + new ExchangeView(exchange).authority() + target.getRawPath();
    Map<String, List<String>> headers = exchange.getRequestHeaders();
    if (conditionalFields.size() > 0) {
      headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(exchange.getRequestHeaders());
      headers.remove("If-None-Match");
      headers.remove("If-Modified-Since");
      for (String name : List.of("If-None-Match", "If-Modified-Since")) {
        List<String> values = conditionalFields.all(name);
        if (!values.isEmpty()) {
          headers.put(name, values);
        }
      }
    }
    return new ContractRequest(exchange.getRequestMethod(), target.getRawPath(), headers, Optional.of(url));
  }

  /** The {@link CacheRequest} view over the JDK server's exchange; copies nothing. */
  private record ExchangeView(HttpExchange exchange) implements CacheRequest {
    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    @Override
    public String scheme() {
      return "http";
    }

    /** The target's authority for an absolute-form target (RFC 9112 §3.2.2), else the {@code Host} field. */
    @Override
    public String authority() {
      URI target = exchange.getRequestURI();
      if (target.isAbsolute()) {
        return target.getRawAuthority() == null ? "" : target.getRawAuthority();
      }
      String host = exchange.getRequestHeaders().getFirst("Host");
      return host == null ? "" : host;
    }

    @Override
    public String path() {
      return exchange.getRequestURI().getRawPath();
    }

    @Override
    public Optional<String> query() {
      return Optional.ofNullable(exchange.getRequestURI().getRawQuery());
    }

    @Override
    public List<String> headers(String name) {
      List<String> values = exchange.getRequestHeaders().get(name);
      return values == null ? List.of() : values;
    }

    @Override
    public Iterable<String> headerNames() {
      return exchange.getRequestHeaders().keySet();
    }
  }
}
