package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode relays the upstream's {@code Content-Type} without adding a charset to it: a {@code text/plain}
 * without one means US-ASCII or what the client sniffs (RFC 2046 §4.1.2), not the proxy's default.
 */
class ProxyRelayContentTypeTest {

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void contentTypeWithoutACharsetReachesTheClientWithout(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), ProxyCommand.cache(Duration.ZERO));
        RawClient client = new RawClient(proxy.base())) {
      assertThat(client.send("GET", "/page").values("Content-Type")).containsExactly("text/plain");
    }
  }
}
