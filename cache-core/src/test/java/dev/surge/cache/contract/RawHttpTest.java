package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  @Test
  void readsAChunkedResponseWithItsHeaders() throws Exception {
    String wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
    RawHttp.Response response = RawHttp.Response.read(stream(wire), false);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("x-a")).hasValue("1");
    assertThat(response.text()).isEqualTo("abcde");
  }

  @Test
  void readsExactlyContentLengthBytes() throws Exception {
    String wire = "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 200 OK\r\n";
    RawHttp.Response response = RawHttp.Response.read(stream(wire), false);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.text()).isEqualTo("abc");
  }

  @Test
  void aBodylessResponseStopsAfterItsHeaders() throws Exception {
    RawHttp.Response response =
        RawHttp.Response.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"), true);

    assertThat(response.body()).isEmpty();
    assertThat(response.headers("content-length")).containsExactly("9");
  }

  @Test
  void aGetRequestNamesTheLoopbackHostUnlessGivenOne() {
    assertThat(RawHttp.get("/a", "X: y")).isEqualTo("GET /a HTTP/1.1\r\nX: y\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.get("/a", "host: h")).doesNotContain("127.0.0.1");
  }

  private static ByteArrayInputStream stream(String wire) {
    return new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1));
  }
}
