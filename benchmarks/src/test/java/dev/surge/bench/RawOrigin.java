package dev.surge.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A bare HTTP/1.1 origin on a loopback socket, for relay tests, that is as strict as simple origins are. It
 * keeps connections alive and reads each request's head and a {@code Content-Length} body, but never decodes
 * a chunked body (Python's {@code http.server} does not either): whatever follows a head is read as the next
 * request, and a line that is not a request line is answered {@code 400} and the connection closed, as Python
 * does. A request is answered {@code 200} with the body {@code path=<target>} (none for {@code HEAD}) and the
 * fields it was given. Everything it reads is recorded, in order.
 */
final class RawOrigin implements AutoCloseable {

  /** One header field as received or sent. */
  record Field(String name, String value) {}

  /** One request as the origin read it, and whether it answered it. */
  record Received(String requestLine, List<Field> fields, String body, boolean answered) {

    boolean wellFormed() {
      String[] parts = requestLine.split(" ");
      return parts.length == 3 && parts[2].startsWith("HTTP/1.");
    }

    String method() {
      return requestLine.split(" ")[0];
    }

    String target() {
      String[] parts = requestLine.split(" ");
      return parts.length > 1 ? parts[1] : "";
    }

    List<String> values(String name) {
      return fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    boolean has(String name) {
      return !values(name).isEmpty();
    }
  }

  private final List<String> extraFields = new ArrayList<>();
  private boolean chunkedAnswers;
  private boolean cutsAnswers;
  private boolean closesAfterEachAnswer;
  private boolean hangsUpReusedConnections;
  private Optional<String> currentTag = Optional.empty();
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private LoopbackSocketServer server;

  /** Adds {@code field}, a whole {@code Name: value} line, to every answer. */
  RawOrigin answeringWith(String field) {
    extraFields.add(field);
    return this;
  }

  /** Frames every answer body chunked instead of with a {@code Content-Length}. */
  RawOrigin answeringChunked() {
    chunkedAnswers = true;
    return this;
  }

  /** Sends the head and half of every answer's body, then closes the connection: an origin failing mid-answer. */
  RawOrigin cuttingAnswers() {
    cutsAnswers = true;
    return this;
  }

  /**
   * Closes each connection after its first answer, which does not say so ({@code Connection: close}): a
   * keep-alive timeout that fires as soon as an answer went out.
   */
  RawOrigin closingAfterEachAnswer() {
    closesAfterEachAnswer = true;
    return this;
  }

  /**
   * Answers only the first request on each connection, without {@code Connection: close}, and closes the
   * connection unanswered when a second request arrives on it: a keep-alive timeout that fires just as the
   * client reuses the connection, every time.
   */
  RawOrigin hangingUpReusedConnections() {
    hangsUpReusedConnections = true;
    return this;
  }

  /**
   * Sends {@code etag} with every answer, and answers a request whose {@code If-None-Match} is exactly it with
   * a bodiless {@code 304} carrying the extra fields (an origin that validates cheaply).
   */
  RawOrigin validatingWith(String etag) {
    currentTag = Optional.of(etag);
    extraFields.add("ETag: " + etag);
    return this;
  }

  RawOrigin start() throws IOException {
    server = LoopbackSocketServer.start(this::serve);
    return this;
  }

  URI base() {
    return server.base();
  }

  /** What the origin read so far, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests for {@code target} that the origin read, answered or not, in order. */
  List<Received> receivedFor(String target) {
    return received.stream().filter(request -> request.target().equals(target)).toList();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      boolean answeredOne = false;
      for (Optional<String> requestLine = requestLine(in); requestLine.isPresent(); requestLine = requestLine(in)) {
        List<Field> fields = fields(in);
        Received head = new Received(requestLine.get(), fields, "", true);
        if (!head.wellFormed()) {
          received.add(head);
          out.write(answer(400, "bad request line", false, List.of("Connection: close")));
          out.flush();
          return;
        }
        boolean answers = !(hangsUpReusedConnections && answeredOne);
        received.add(new Received(requestLine.get(), fields, contentLengthBody(in, head), answers));
        if (!answers) {
          return;
        }
        answeredOne = true;
        if (currentTag.isPresent() && head.values("If-None-Match").equals(List.of(currentTag.get()))) {
          out.write(notModified());
        } else {
          out.write(answer(200, "path=" + head.target(), head.method().equals("HEAD"), extraFields));
        }
        out.flush();
        if (cutsAnswers || closesAfterEachAnswer) {
          return;
        }
      }
    } catch (IOException closed) {
      // the peer went away; nothing to answer
    }
  }

  private byte[] notModified() {
    StringBuilder head = new StringBuilder("HTTP/1.1 304 Not Modified\r\n");
    extraFields.forEach(field -> head.append(field).append("\r\n"));
    head.append("X-Origin-Answer: 304\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private byte[] answer(int status, String body, boolean headOnly, List<String> fields) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Bad Request")
        .append("\r\nContent-Type: text/plain\r\n")
        .append(chunkedAnswers ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length()).append("\r\n");
    fields.forEach(field -> head.append(field).append("\r\n"));
    head.append("\r\n");
    if (!headOnly && cutsAnswers) {
      String half = body.substring(0, body.length() / 2);
      head.append(chunkedAnswers ? Integer.toHexString(half.length()) + "\r\n" + half + "\r\n" : half);
    } else if (!headOnly) {
      head.append(chunkedAnswers ? Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n" : body);
    }
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The next request line, skipping empty lines before it (RFC 9112 §2.2); empty at the end of the stream. */
  private static Optional<String> requestLine(InputStream in) throws IOException {
    Optional<String> line = line(in);
    while (line.isPresent() && line.get().isEmpty()) {
      line = line(in);
    }
    return line;
  }

  private static List<Field> fields(InputStream in) throws IOException {
    List<Field> fields = new ArrayList<>();
    for (Optional<String> line = line(in); line.isPresent() && !line.get().isEmpty(); line = line(in)) {
      int colon = line.get().indexOf(':');
      fields.add(new Field(line.get().substring(0, colon).trim(), line.get().substring(colon + 1).trim()));
    }
    return fields;
  }

  private static String contentLengthBody(InputStream in, Received request) throws IOException {
    List<String> length = request.values("Content-Length");
    if (length.isEmpty()) {
      return "";
    }
    return new String(in.readNBytes(Integer.parseInt(length.get(0))), StandardCharsets.ISO_8859_1);
  }

  private static Optional<String> line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next != '\n'; next = in.read()) {
      if (next < 0) {
        return Optional.empty();
      }
      line.write(next);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
