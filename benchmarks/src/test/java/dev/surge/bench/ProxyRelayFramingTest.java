package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode frames a forwarded request only when it has a body, so that an origin that never reads request
 * bodies (as Python's {@code http.server}) stays in step with every connection; a body goes whole, with a
 * {@code Content-Length}. It frames an answer its own way, but an answer the origin cut short reaches the
 * client cut short, and the answer to a {@code HEAD} declares the page's length or none.
 */
class ProxyRelayFramingTest {

  private static final int CLIENTS = 8;
  private static final List<String> PATHS = List.of("/a", "/b", "/c", "/d", "/e");

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void keepAliveGetsFromClientsAtOnceEachGetTheirOwnPage(String adapter) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO))) {
      List<Future<List<String>>> pagesPerClient = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        String prefix = "/" + client;
        pagesPerClient.add(clients.submit(() -> pagesOneAfterAnother(proxy, prefix)));
      }

      for (int client = 0; client < CLIENTS; client++) {
        String prefix = "/" + client;
        assertThat(pagesPerClient.get(client).get())
            .containsExactlyElementsOf(PATHS.stream().map(path -> "200 path=" + prefix + path).toList());
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void bodilessGetReachesTheOriginWithoutBodyFraming(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO))) {
      pagesOneAfterAnother(proxy, "");

      assertThat(origin.received()).extracting(RawOrigin.Received::requestLine)
          .containsExactlyElementsOf(PATHS.stream().map(path -> "GET " + path + " HTTP/1.1").toList());
      assertThat(origin.received()).allSatisfy(request -> {
        assertThat(request.has("Transfer-Encoding")).as("Transfer-Encoding").isFalse();
        assertThat(request.has("Content-Length")).as("Content-Length").isFalse();
        assertThat(request.body()).isEmpty();
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void chunkedRequestBodyReachesTheOriginWholeWithAContentLength(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer answer = client.send("POST", "/form", List.of("Transfer-Encoding: chunked"),
          "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(origin.received()).singleElement().satisfies(request -> {
        assertThat(request.requestLine()).isEqualTo("POST /form HTTP/1.1");
        assertThat(request.values("Content-Length")).containsExactly("11");
        assertThat(request.has("Transfer-Encoding")).isFalse();
        assertThat(request.body()).isEqualTo("hello world");
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void emptyPostKeepsItsZeroContentLength(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      client.send("POST", "/empty", "Content-Length: 0");

      assertThat(origin.received()).singleElement()
          .satisfies(request -> assertThat(request.values("Content-Length")).containsExactly("0"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void answerTheUpstreamCutsShortReachesTheClientCutShort(String adapter) throws Exception {
    for (boolean chunked : List.of(false, true)) {
      RawOrigin cutting = new RawOrigin().cuttingAnswers();
      try (RawOrigin origin = (chunked ? cutting.answeringChunked() : cutting).start();
          ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
          RawClient client = new RawClient(proxy.base())) {
        assertThatThrownBy(() -> client.send("GET", "/cut")).as(chunked ? "chunked" : "with a Content-Length")
            .isInstanceOf(IOException.class);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void headAnswerKeepsTheLengthOfThePage(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer head = client.send("HEAD", "/page");
      RawClient.Answer get = client.send("GET", "/page");

      assertThat(head.values("Content-Length")).containsExactly(String.valueOf("path=/page".length()));
      assertThat(get.body()).isEqualTo("path=/page");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void headAnswerOfAPageOfUnknownLengthDeclaresNone(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().answeringChunked().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer head = client.send("HEAD", "/page");
      RawClient.Answer get = client.send("GET", "/page");

      assertThat(head.values("Content-Length")).as("a length the page does not have").isEmpty();
      assertThat(get.body()).isEqualTo("path=/page");
    }
  }

  /** The pages {@code prefix + path} for each path, one after another on one kept-alive connection. */
  private static List<String> pagesOneAfterAnother(ProxyCommand.Proxy proxy, String prefix) throws Exception {
    List<String> pages = new ArrayList<>();
    try (RawClient client = new RawClient(proxy.base())) {
      for (String path : PATHS) {
        RawClient.Answer answer = client.send("GET", prefix + path);
        pages.add(answer.status() + " " + answer.body());
      }
    }
    return pages;
  }
}
