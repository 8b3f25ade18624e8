package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode survives an upstream that closes a kept-alive connection just as the proxy reuses it (its
 * keep-alive timeout firing): an idempotent request goes once more, on a new connection, and is answered;
 * any other request is never sent twice, and the client gets {@code 502}.
 *
 * <p>Each test sends a few requests after a first one that leaves an idle connection in the proxy's pool: the
 * proxy reuses an idle connection when it has one, which the origin then closes; whether an answer ended early
 * enough for its connection to be reused by the next request is up to the proxy's event loop, so the tests
 * assert what happened to every request and that the origin closed a reused connection under at least one.
 */
class ProxyRelayRetryTest {

  private static final List<String> PAGES = List.of("/page1", "/page2", "/page3");
  private static final List<String> ORDERS = List.of("/order1", "/order2", "/order3");

  static Stream<Arguments> adaptersAndIdempotentMethods() {
    return Stream.of("jetty", "vertx").flatMap(adapter ->
        Stream.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE").map(method -> Arguments.of(adapter, method)));
  }

  @ParameterizedTest
  @MethodSource("adaptersAndIdempotentMethods")
  void idempotentRequestOnAConnectionTheUpstreamClosedIsAnsweredOnANewConnection(String adapter, String method)
      throws Exception {
    try (RawOrigin origin = new RawOrigin().hangingUpReusedConnections().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      client.send("GET", "/warm");

      for (String page : PAGES) {
        RawClient.Answer answer = client.send(method, page, List.of("Content-Length: 7"), "payload");

        assertThat(answer.status()).as(page).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(method.equals("HEAD") ? "" : "path=" + page);
        assertThat(origin.receivedFor(page)).extracting(RawOrigin.Received::answered)
            .as("answered by the origin, in order").isIn(List.of(true), List.of(false, true));
        assertThat(origin.receivedFor(page)).allSatisfy(request -> assertThat(request.body()).isEqualTo("payload"));
      }
      assertThat(origin.received()).as("a request the origin closed a reused connection under")
          .anySatisfy(request -> assertThat(request.answered()).isFalse());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void bodilessGetOnAConnectionTheUpstreamClosedIsAnsweredOnANewConnection(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().hangingUpReusedConnections().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      client.send("GET", "/warm");

      for (String page : PAGES) {
        RawClient.Answer answer = client.send("GET", page);

        assertThat(answer.status()).as(page).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("path=" + page);
        assertThat(origin.receivedFor(page)).extracting(RawOrigin.Received::answered)
            .as("answered by the origin, in order").isIn(List.of(true), List.of(false, true));
      }
      assertThat(origin.received()).as("a request the origin closed a reused connection under")
          .anySatisfy(request -> assertThat(request.answered()).isFalse());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void postOnAConnectionTheUpstreamClosedIsNeverSentTwice(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().hangingUpReusedConnections().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      client.send("GET", "/warm");

      for (String order : ORDERS) {
        RawClient.Answer answer = client.send("POST", order, List.of("Content-Length: 5"), "order");

        RawOrigin.Received received = assertThat(origin.receivedFor(order)).as(order).singleElement().actual();
        assertThat(answer.status()).isEqualTo(received.answered() ? 200 : 502);
      }
      assertThat(origin.received()).as("a request the origin closed a reused connection under")
          .anySatisfy(request -> assertThat(request.answered()).isFalse());
    }
  }
}
