package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  private static final int CLIENTS = 8;
  private static final int REQUESTS_PER_CLIENT = 50;

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

  /**
   * A pooled connection the upstream closed may be handed out before the proxy noticed the close, and then
   * fail before the request is even written, or after: either way an idempotent request is sent again, on a new
   * connection. Clients at once make the first likely with the Jetty forwarder, which asks for a connection
   * from its own threads, not from the event loop that learns of the close.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void getsFromClientsAtOnceToAnUpstreamClosingEveryConnectionAreAllAnswered(String adapter)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (RawOrigin origin = new RawOrigin().closingAfterEachAnswer().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO))) {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        String prefix = "/" + client;
        answers.add(clients.submit(() -> answersOneAfterAnother(proxy, prefix)));
      }

      for (int client = 0; client < CLIENTS; client++) {
        assertThat(answers.get(client).get()).as("client " + client).containsOnly("200");
      }
    } finally {
      clients.shutdownNow();
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

  /** The statuses of {@value #REQUESTS_PER_CLIENT} GETs, one after another. */
  private static List<String> answersOneAfterAnother(ProxyCommand.Proxy proxy, String prefix) throws Exception {
    List<String> statuses = new ArrayList<>();
    try (RawClient client = new RawClient(proxy.base())) {
      for (int request = 0; request < REQUESTS_PER_CLIENT; request++) {
        statuses.add(String.valueOf(client.send("GET", prefix + "/page" + request).status()));
      }
    }
    return statuses;
  }
}
