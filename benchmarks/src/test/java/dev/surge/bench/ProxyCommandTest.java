package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy mode on each adapter, in front of a real upstream server on loopback. */
class ProxyCommandTest {

  private static final String LARGE_BODY = "0123456789abcdef".repeat(256 * 1024);

  private HttpServer upstream;
  private final ConcurrentMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      try (exchange) {
        answer(exchange);
      }
    });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int count = hits.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
    switch (path) {
      case "/status/999" -> send(exchange, 999, "odd");
      case "/redirect" -> {
        exchange.getResponseHeaders().add("Location", "/elsewhere");
        exchange.sendResponseHeaders(302, -1);
      }
      case "/echo" -> {
        exchange.getResponseHeaders().add("X-Upstream", "yes");
        exchange.getResponseHeaders().add("Connection", "X-Secret");
        exchange.getResponseHeaders().add("X-Secret", "not for clients");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        send(exchange, 201, exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawQuery() + " "
            + exchange.getRequestHeaders().getFirst("X-Custom") + " " + body);
      }
      case "/large" -> send(exchange, 200, LARGE_BODY);
      case "/fresh" -> {
        exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
        send(exchange, 200, "fresh " + count);
      }
      default -> send(exchange, 200, "plain " + count);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private URI upstreamUri() {
    return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void forwardsMethodQueryHeadersAndBodyAndRelaysTheAnswer(String adapter) throws Exception {
    try (ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, upstreamUri(), ProxyCommand.cache(Duration.ZERO))) {
      HttpResponse<String> echoed = send(HttpRequest.newBuilder(proxy.base().resolve("/echo?a=1&b=%20"))
          .header("X-Custom", "kept").POST(HttpRequest.BodyPublishers.ofString("the body")));

      assertThat(echoed.statusCode()).isEqualTo(201);
      assertThat(echoed.body()).isEqualTo("POST a=1&b=%20 kept the body");
      assertThat(echoed.headers().firstValue("X-Upstream")).hasValue("yes");
      assertThat(echoed.headers().firstValue("X-Secret")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void relaysUnusualStatusesAndNeverFollowsRedirects(String adapter) throws Exception {
    try (ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, upstreamUri(), ProxyCommand.cache(Duration.ZERO))) {
      HttpResponse<String> odd = send(HttpRequest.newBuilder(proxy.base().resolve("/status/999")));
      HttpResponse<String> redirect = send(HttpRequest.newBuilder(proxy.base().resolve("/redirect")));

      assertThat(odd.statusCode()).isEqualTo(999);
      assertThat(odd.body()).isEqualTo("odd");
      assertThat(redirect.statusCode()).isEqualTo(302);
      assertThat(redirect.headers().firstValue("Location")).hasValue("/elsewhere");
      assertThat(hits.get("/elsewhere")).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void relaysAnAnswerOfManyBuffersWhole(String adapter) throws Exception {
    try (ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, upstreamUri(), ProxyCommand.cache(Duration.ZERO))) {
      HttpResponse<String> large = send(HttpRequest.newBuilder(proxy.base().resolve("/large")));

      assertThat(large.statusCode()).isEqualTo(200);
      assertThat(large.body()).isEqualTo(LARGE_BODY);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void storesWhatTheUpstreamMakesFreshAndNothingElseWithAZeroDefaultTtl(String adapter) throws Exception {
    try (ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, upstreamUri(), ProxyCommand.cache(Duration.ZERO))) {
      send(HttpRequest.newBuilder(proxy.base().resolve("/fresh")));
      HttpResponse<String> fresh = send(HttpRequest.newBuilder(proxy.base().resolve("/fresh")));
      send(HttpRequest.newBuilder(proxy.base().resolve("/plain")));
      HttpResponse<String> plain = send(HttpRequest.newBuilder(proxy.base().resolve("/plain")));

      assertThat(fresh.body()).isEqualTo("fresh 1");
      assertThat(plain.body()).isEqualTo("plain 2");
    }
  }
}
