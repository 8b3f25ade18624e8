package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode revalidates a stale page with its upstream: the conditional request goes upstream with the stored
 * {@code ETag}, the upstream's 304 freshens the stored page, and the client gets the page (or its own 304),
 * never a 304 it did not ask for.
 */
class ProxyRevalidationTest {

  private static final String TAG = "\"p1\"";

  private final MutableClock clock = MutableClock.standingStill();

  private HttpCache cache() {
    return HttpCache.builder().clock(clock).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "vertx"})
  void aStalePageIsRevalidatedUpstreamAndServedFromTheStoreOnItsAnswer(String adapter) throws Exception {
    try (RawOrigin origin = new RawOrigin().answeringWith("Cache-Control: max-age=10").validatingWith(TAG).start();
        ProxyCommand.Proxy proxy = ProxyCommand.start(adapter, 0, origin.base(), cache());
        RawClient client = new RawClient(proxy.base())) {
      client.send("GET", "/page");
      clock.advance(Duration.ofSeconds(11));
      RawClient.Answer revalidated = client.send("GET", "/page");
      RawClient.Answer hit = client.send("GET", "/page");
      clock.advance(Duration.ofSeconds(11));
      RawClient.Answer ownTag = client.send("GET", "/page", "If-None-Match: " + TAG);

      assertThat(origin.received()).extracting(request -> request.values("If-None-Match"))
          .as("the upstream got the stored ETag, never the client's own")
          .containsExactly(List.of(), List.of(TAG), List.of(TAG));
      assertThat(revalidated.status()).isEqualTo(200);
      assertThat(revalidated.body()).isEqualTo("path=/page");
      assertThat(revalidated.values("X-Origin-Answer")).containsExactly("304");
      assertThat(hit.body()).isEqualTo("path=/page");
      assertThat(hit.values("X-Origin-Answer")).as("the 304's fields were stored").containsExactly("304");
      assertThat(ownTag.status()).isEqualTo(304);
      assertThat(ownTag.body()).isEmpty();
    }
  }
}
