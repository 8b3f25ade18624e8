package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode passes end-to-end fields both ways and stops the hop-by-hop ones (RFC 9110 §7.6.1): Connection
 * and the fields it names, Keep-Alive, TE, Transfer-Encoding, Upgrade, and the Proxy- fields, each meant for
 * one hop; it frames what it forwards itself.
 */
class ProxyRelayHopByHopTest {

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void hopByHopRequestFieldsStopAtTheProxy(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer answer = client.send("GET", "/hop", List.of(
          "Connection: keep-alive, X-Hop, Upgrade",
          "X-Hop: for the proxy",
          "Keep-Alive: timeout=5",
          "TE: trailers",
          "Upgrade: example/1",
          "Proxy-Authorization: Basic cHJveHk6c2VjcmV0",
          "Proxy-Connection: keep-alive",
          "X-End-To-End: kept"), "");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(origin.received()).singleElement().satisfies(request -> {
        assertThat(request.values("X-End-To-End")).containsExactly("kept");
        assertThat(request.fields()).extracting(RawOrigin.Field::name).doesNotContainAnyElementsOf(List.of(
            "Connection", "X-Hop", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization", "Proxy-Connection",
            "Transfer-Encoding"));
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void hopByHopAnswerFieldsStopAtTheProxy(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin()
            .answeringWith("Connection: X-Hop-Back")
            .answeringWith("X-Hop-Back: for the proxy")
            .answeringWith("Keep-Alive: timeout=5, max=100")
            .answeringWith("Upgrade: example/1")
            .answeringWith("Proxy-Authenticate: Basic realm=\"upstream\"")
            .answeringWith("Proxy-Authentication-Info: nextnonce=\"a1b2\"")
            .answeringWith("Proxy-Connection: keep-alive")
            .answeringWith("X-End-To-End: kept")
            .start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer answer = client.send("GET", "/hop");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("path=/hop");
      assertThat(answer.values("X-End-To-End")).containsExactly("kept");
      assertThat(answer.fields()).extracting(RawOrigin.Field::name).doesNotContainAnyElementsOf(List.of(
          "X-Hop-Back", "Keep-Alive", "Upgrade", "Proxy-Authenticate", "Proxy-Authentication-Info",
          "Proxy-Connection"));
      assertThat(answer.values("Connection")).noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("x-hop-back"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void chunkedAnswerReachesTheClientWholeAndFramedOnce(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().answeringChunked().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer answer = client.send("GET", "/chunked");

      assertThat(answer.body()).isEqualTo("path=/chunked");
      assertThat(answer.values("Transfer-Encoding").size() + answer.values("Content-Length").size())
          .as("framing fields").isEqualTo(1);
    }
  }
}
