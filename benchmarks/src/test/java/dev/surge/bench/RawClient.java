package dev.surge.bench;

import dev.surge.bench.RawOrigin.Field;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 client on one kept-alive loopback connection that sends each request exactly as written and
 * reads the whole answer: for tests that must control every byte a proxy receives, including fields other
 * clients refuse to send, and see every field the proxy sends back.
 */
final class RawClient implements AutoCloseable {

  /** An answer as read off the wire: the body is decoded from its framing. */
  record Answer(int status, List<Field> fields, String body) {

    List<String> values(String name) {
      return fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }
  }

  private static final int GUARD_AGAINST_HANGING_MILLIS = 20_000;

  private final Socket socket;
  private final InputStream in;
  private final String host;

  RawClient(URI base) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(GUARD_AGAINST_HANGING_MILLIS);
    in = new BufferedInputStream(socket.getInputStream());
    host = base.getAuthority();
  }

  /** Sends {@code method target} with {@code fields} (whole {@code Name: value} lines) and no body. */
  Answer send(String method, String target, String... fields) throws IOException {
    return send(method, target, List.of(fields), "");
  }

  /** Sends {@code method target} with {@code fields} and {@code body} bytes written as they are after the head. */
  Answer send(String method, String target, List<String> fields, String body) throws IOException {
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n");
    fields.forEach(field -> request.append(field).append("\r\n"));
    request.append("\r\n").append(body);
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return read(method.equals("HEAD"));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Answer read(boolean headOnly) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    List<Field> fields = new ArrayList<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      fields.add(new Field(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
    }
    Answer head = new Answer(status, fields, "");
    if (headOnly || status == 204 || status == 304) {
      return head;
    }
    if (head.values("Transfer-Encoding").contains("chunked")) {
      return new Answer(status, fields, chunkedBody());
    }
    List<String> length = head.values("Content-Length");
    byte[] body = length.isEmpty() ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length.get(0)));
    if (!length.isEmpty() && body.length < Integer.parseInt(length.get(0))) {
      throw new IOException("the connection closed mid-body");
    }
    return new Answer(status, fields, new String(body, StandardCharsets.ISO_8859_1));
  }

  private String chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = chunkSize(); size > 0; size = chunkSize()) {
      body.write(in.readNBytes(size));
      line();
    }
    while (!line().isEmpty()) {
      // skips a trailer field: none is asserted on
    }
    return body.toString(StandardCharsets.ISO_8859_1);
  }

  private int chunkSize() throws IOException {
    String line = line();
    int extension = line.indexOf(';');
    return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next != '\n'; next = in.read()) {
      if (next < 0) {
        throw new IOException("the connection closed mid-answer");
      }
      line.write(next);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
