package dev.surge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

/**
 * What a harness server sends a client on the wire, as seen by a client that decodes nothing: the status, the
 * {@code Content-Encoding} and the body's length in bytes. Loopback only.
 *
 * @param status the status code
 * @param coding the {@code Content-Encoding}, or {@code identity} without one
 * @param bodyBytes the body's length as sent
 */
record WireAnswer(int status, String coding, int bodyBytes) {

  /**
   * The answer to the second of two GETs of {@code base} with the header fields {@code headers}: for a cache, the
   * second is a hit.
   */
  static WireAnswer of(URI base, Map<String, String> headers) throws IOException, InterruptedException {
    if (!"127.0.0.1".equals(base.getHost())) {
      throw new IllegalArgumentException("only loopback is asked, not " + base);
    }
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(WikiSite.PREFIX + 0));
    headers.forEach(request::header);
    client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    HttpResponse<byte[]> second = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new WireAnswer(second.statusCode(), second.headers().firstValue("Content-Encoding").orElse("identity"),
        second.body().length);
  }

  /**
   * Throws unless this is a 200 in {@code expected}, which the server called {@code label} is there to send: a
   * row that measured another coding would compare the wrong things.
   */
  void expectCoding(String expected, String label) {
    if (status != 200 || !coding.equalsIgnoreCase(expected)) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s answered %s, not a 200 in %s", label, this,
          expected));
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d, %s, %,d B", status, coding, bodyBytes);
  }
}
