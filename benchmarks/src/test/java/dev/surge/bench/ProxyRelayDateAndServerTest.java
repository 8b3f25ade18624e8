package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode sends exactly one {@code Date}: the upstream's when it sent one, on the miss and on the hit, and
 * otherwise one of its own (RFC 9110 §6.6.1: a recipient with a clock that forwards a response without a date
 * adds one). No other field of the server the proxy runs on reaches the client.
 */
class ProxyRelayDateAndServerTest {

  /**
   * The origin's {@code Date}: the moment the tests start, since the age of a stored answer counts from it (RFC
   * 9111 §4.2.3), and an answer dated long ago would be stale on arrival.
   */
  private static final String ORIGIN_DATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).format(ZonedDateTime.now(ZoneOffset.UTC));

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void clientSeesTheUpstreamsDateOnceOnTheMissAndOnTheHit(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin()
            .answeringWith("Date: " + ORIGIN_DATE).answeringWith("Cache-Control: max-age=3600").start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer miss = client.send("GET", "/dated");
      RawClient.Answer hit = client.send("GET", "/dated");

      assertThat(origin.received()).as("requests the origin read").hasSize(1);
      assertThat(List.of(miss.values("Date"), hit.values("Date"))).as("Date fields on the miss, on the hit")
          .containsExactly(List.of(ORIGIN_DATE), List.of(ORIGIN_DATE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void clientSeesOneDateWhenTheUpstreamSentNone(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().answeringWith("Cache-Control: max-age=3600").start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      RawClient.Answer miss = client.send("GET", "/undated");
      RawClient.Answer hit = client.send("GET", "/undated");

      assertThat(origin.received()).as("requests the origin read").hasSize(1);
      assertThat(List.of(miss.values("Date").size(), hit.values("Date").size()))
          .as("Date fields on the miss, on the hit").containsExactly(1, 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void clientSeesTheUpstreamsServerFieldOnce(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().answeringWith("Server: origin/1").start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      assertThat(client.send("GET", "/page").values("Server")).containsExactly("origin/1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void proxyAddsNoServerFieldOfItsOwn(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      assertThat(client.send("GET", "/page").values("Server")).isEmpty();
    }
  }
}
