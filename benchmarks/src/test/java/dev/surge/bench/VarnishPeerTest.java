package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The harness's Varnish, when varnishd is installed, in front of a no-cache server in this JVM: it keeps what the
 * upstream rendered and answers a repeat from its cache with the same bytes.
 */
class VarnishPeerTest {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aRepeatIsAHitWithTheUpstreamsBytes() throws Exception {
    Optional<Path> binary = VarnishPeer.binary();
    assumeTrue(binary.isPresent(), "varnishd is not installed (apt-get install varnish)");
    WikiSite site = new WikiSite(10, 7, Harness.SECTIONS);
    try (DemoServer upstream = SurgeDemo.server("jetty", site, Optional.empty())) {
      URI upstreamBase = upstream.start(0);
      try (VarnishPeer varnish = VarnishPeer.start(binary.get(), upstreamBase.getPort(), false)) {
        URI page = URI.create("http://127.0.0.1:" + varnish.port() + WikiSite.PREFIX + 3);
        HttpResponse<byte[]> miss = get(page);
        long rendersAfterMiss = site.renders();
        HttpResponse<byte[]> hit = get(page);

        assertThat(rendersAfterMiss).isEqualTo(1);
        assertThat(site.renders()).isEqualTo(1);
        // X-Varnish carries this request's id and, on a hit, the id of the request that stored the object
        assertThat(miss.headers().firstValue("X-Varnish").orElseThrow()).doesNotContain(" ");
        assertThat(hit.headers().firstValue("X-Varnish").orElseThrow()).contains(" ");
        assertThat(hit.body()).isEqualTo(site.render(WikiSite.PREFIX + 3).orElseThrow());
        assertThat(hit.body()).isEqualTo(miss.body());
      }
    }
  }

  private HttpResponse<byte[]> get(URI page) throws Exception {
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(page).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }
}
