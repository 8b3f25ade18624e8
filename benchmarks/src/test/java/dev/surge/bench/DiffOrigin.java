package dev.surge.bench;

import dev.surge.cache.diff.Behaviour;
import dev.surge.cache.diff.BehaviourGenerator;
import dev.surge.cache.diff.DiffRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differential suite's generated application as a bare HTTP/1.1 origin on a loopback socket, written the
 * way small origins are, for proxy mode's differential test: case {@code N} at {@code /diff/N} acts out {@link
 * BehaviourGenerator#generate}'s {@link Behaviour} for the seed.
 *
 * <p>The connection: kept alive (HTTP/1.1); each request's head is read, and a body only when it has a {@code
 * Content-Length}. A chunked body is never decoded, as Python's {@code http.server} does not: its bytes are read
 * as the next request, and a line that is not a request line is answered {@code 400} and the connection closed;
 * both are recorded ({@link #misframed}).
 * After {@link #ANSWERS_PER_CONNECTION} answers the origin ends the connection the way a keep-alive timeout
 * that fires just as the client reuses it looks to the client: the next request arrives and the connection
 * closes unanswered, so every client's retry of an idempotent request is exercised. A client retries once
 * (the JDK's does, on whatever idle connection it holds), so a request the origin left unanswered once is
 * answered on any connection the next time.
 *
 * <p>How a behaviour is acted out (the answer is a function of the case and the request, never of time):
 * <ul>
 *   <li>Status, {@code Content-Type} (the case's charset), {@code Cache-Control}, {@code Vary: Accept-Language},
 *       {@code ETag}, {@code Last-Modified}, and {@code Set-Cookie} ({@code pref=case-N} for a cookie set by
 *       API, with {@code ; Path=/} for one set by header) as the case says. Even cases send a {@code Date},
 *       always the moment the suite's cache clock stands at ({@link #DATE}); odd cases send none, as an origin
 *       without a clock may (RFC 9110 §6.6.1).
 *   <li>The body is {@link Behaviour#bodyText} encoded with the charset (writer and stream alike: a raw origin
 *       has only bytes, and unencodable characters become the charset's replacement either way), sent in
 *       {@link Behaviour#writeSize} pieces through a container-sized buffer ({@value #BUFFER_BYTES} bytes),
 *       flushed where the case flushes. Framing follows the case's declared length: {@code RIGHT} is a right
 *       {@code Content-Length}; {@code NONE} is a {@code Content-Length} when the whole body fits the buffer
 *       and nothing is flushed or fails before the end, else chunked, a chunk each time the buffer fills or is
 *       flushed, as a container sends it; {@code SHORT} declares 10 bytes more than it sends and closes the
 *       connection after the body; {@code LONG} declares 3 bytes fewer and sends only those, as a container
 *       truncates to the declared length.
 *   <li>A request whose {@code If-None-Match} or {@code If-Modified-Since} matches ({@link
 *       Behaviour#answersNotModified}) gets {@code 304} with the case's fields and no body or framing.
 *   <li>{@code HEAD} gets the head a {@code GET} gets, framing fields included, and no body.
 *   <li>Endings: {@code SEND_ERROR} is the status (500 for a status under 400) with the case's fields and a
 *       short body typed {@code text/plain} without a charset. {@code SEND_REDIRECT} is {@code 302} with the
 *       case's fields, an empty body and a relative {@code Location} ({@code /diff/elsewhere}): an absolute one
 *       made from {@code Host} would name the upstream behind the proxy, which sends the upstream's authority
 *       as {@code Host} and rewrites no {@code Location}. {@code ASYNC} and {@code FAILING_PIPE} (which only
 *       Vert.x pipes can show) end normally, and answer conditional requests as a normal ending does.
 *   <li>Failures: {@code BEFORE_WRITING} is a {@code 500} like an error's, with none of the case's fields but
 *       {@code Date}; {@code AFTER_PARTIAL_WRITE} sends the head and the first half of the pieces, then closes
 *       the connection.
 *   <li>Sessions: a raw origin has none; a case that creates one is acted out without it.
 * </ul>
 * Any other path gets a plain-text {@code 404}.
 */
final class DiffOrigin implements AutoCloseable {

  /** The {@code Date} even cases send: the moment the differential suite's cache clock stands at. */
  static final String DATE = "Wed, 25 Nov 2026 12:00:00 GMT";
  /** How many requests a connection is answered before the next one finds it closed. */
  static final int ANSWERS_PER_CONNECTION = 3;
  /** The response buffer of a container, under which a body without a declared length gets one. */
  static final int BUFFER_BYTES = 8 * 1024;

  private static final Pattern CASE_PATH = Pattern.compile("/diff/(\\d{1,9})");
  private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) (\\S+) HTTP/1\\.[01]");

  private final long seed;
  private final Map<Integer, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Set<String> hungUp = ConcurrentHashMap.newKeySet();
  private final Queue<String> misframed = new ConcurrentLinkedQueue<>();
  private LoopbackSocketServer server;

  /** An origin serving the cases of {@code seed}; {@link #start} opens it. */
  DiffOrigin(long seed) {
    this.seed = seed;
  }

  DiffOrigin start() throws IOException {
    server = LoopbackSocketServer.start(this::serve);
    return this;
  }

  URI base() {
    return server.base();
  }

  /**
   * What the origin read that no client of the suite sends, in order: a line that is not a request (the bytes
   * of a body it did not read as one), or a request with a chunked body, which it cannot read.
   */
  List<String> misframed() {
    return List.copyOf(misframed);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One request as read: the method, the target, the header fields and the body of a {@code Content-Length}. */
  private record Request(String method, String target, List<String[]> fields, byte[] body) {

    /** The request line, fields and body, as one text. */
    String fingerprint() {
      StringBuilder text = new StringBuilder(method).append(' ').append(target);
      fields.forEach(field -> text.append('\n').append(field[0]).append(": ").append(field[1]));
      return text.append("\n\n").append(new String(body, StandardCharsets.ISO_8859_1)).toString();
    }

    /** The first value of the field {@code name}, or null. */
    String first(String name) {
      return firstValue(fields, name);
    }
  }

  private static String firstValue(List<String[]> fields, String name) {
    return fields.stream().filter(field -> field[0].equalsIgnoreCase(name)).map(field -> field[1]).findFirst()
        .orElse(null);
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
      for (int answered = 0; ; answered++) {
        Optional<String> line = requestLine(in);
        if (line.isEmpty()) {
          return;
        }
        Matcher requestLine = REQUEST_LINE.matcher(line.get());
        Optional<List<String[]>> fields = fields(in);
        if (!requestLine.matches() || fields.isEmpty()) {
          misframed.add("'" + line.get() + "', not a request");
          send(out, 400, List.of("Content-Type: text/plain;charset=utf-8", "Connection: close"),
              "bad request\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return;
        }
        String length = firstValue(fields.get(), "Content-Length");
        if (firstValue(fields.get(), "Transfer-Encoding") != null) {
          misframed.add(line.get() + " with a chunked body");
        }
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
        Request request = new Request(requestLine.group(1), requestLine.group(2), fields.get(), body);
        if (answered == ANSWERS_PER_CONNECTION && hungUp.add(request.fingerprint())) {
          return; // closes unanswered
        }
        boolean keepOpen = answer(request, out);
        out.flush();
        if (!keepOpen || "close".equalsIgnoreCase(request.first("Connection")) || line.get().endsWith("1.0")) {
          return;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the peer went away, or sent what cannot be read; the connection ends either way
    }
  }

  /** Answers {@code request}; false when the connection must close after it. */
  private boolean answer(Request request, OutputStream out) throws IOException {
    Matcher casePath = CASE_PATH.matcher(request.target());
    if (!casePath.matches()) {
      send(out, 404, List.of("Content-Type: text/plain;charset=utf-8"),
          "no such case\n".getBytes(StandardCharsets.UTF_8));
      return true;
    }
    int caseId = Integer.parseInt(casePath.group(1));
    Behaviour behaviour = behaviours.computeIfAbsent(caseId, id -> actedOut(BehaviourGenerator.generate(seed, id)));
    boolean head = request.method().equals("HEAD");
    DiffRequest view = new DiffRequest(request::first, new String(request.body(), StandardCharsets.UTF_8));
    if (behaviour.failure() == Behaviour.Failure.BEFORE_WRITING) {
      List<String> fields = dated(behaviour);
      fields.add("Content-Type: text/plain");
      sendHeadOrWhole(out, 500, fields, "generated failure before writing\n".getBytes(StandardCharsets.UTF_8), head);
      return true;
    }
    boolean notModified = behaviour.answersNotModified(view);
    List<String> fields = caseFields(behaviour, view, notModified);
    if (notModified) {
      out.write(head(304, fields));
      return true;
    }
    switch (behaviour.ending()) {
      case SEND_ERROR -> {
        int status = behaviour.status() >= 400 ? behaviour.status() : 500;
        fields.add("Content-Type: text/plain");
        sendHeadOrWhole(out, status, fields, ("error " + status + "\n").getBytes(StandardCharsets.UTF_8), head);
        return true;
      }
      case SEND_REDIRECT -> {
        fields.add("Location: /diff/elsewhere");
        sendHeadOrWhole(out, 302, fields, new byte[0], head);
        return true;
      }
      default -> {
        fields.add("Content-Type: " + behaviour.contentType());
        return writeBody(behaviour, behaviour.bodyBytes(view), fields, head, out);
      }
    }
  }

  /**
   * {@code behaviour} as this origin acts it out: an asynchronous or piped ending is a normal one here, and so
   * is the origin's answer to a conditional request then.
   */
  private static Behaviour actedOut(Behaviour behaviour) {
    if (behaviour.ending() != Behaviour.Ending.ASYNC && behaviour.ending() != Behaviour.Ending.FAILING_PIPE) {
      return behaviour;
    }
    return new Behaviour(behaviour.caseId(), behaviour.status(), behaviour.output(), behaviour.charset(),
        behaviour.text(), behaviour.bodyChars(), behaviour.writeSize(), behaviour.flushAfterWrites(),
        behaviour.declaredLength(), behaviour.cacheControl(), behaviour.varyOnLanguage(), behaviour.cookie(),
        behaviour.createsSession(), behaviour.failure(), Behaviour.Ending.NORMAL, behaviour.echoesRequestBody(),
        behaviour.echoesUser(), behaviour.etag(), behaviour.lastModified(), behaviour.revision(),
        behaviour.notModifiedForm());
  }

  /** A {@code Date} for an even case, none for an odd one. */
  private static List<String> dated(Behaviour behaviour) {
    List<String> fields = new ArrayList<>();
    if (behaviour.caseId() % 2 == 0) {
      fields.add("Date: " + DATE);
    }
    return fields;
  }

  /**
   * The fields every answer of the case to {@code request} carries but a failure before writing; a 304 ({@code
   * notModified}) only those its {@link Behaviour#notModifiedForm} names.
   */
  private static List<String> caseFields(Behaviour behaviour, DiffRequest request, boolean notModified) {
    List<String> fields = dated(behaviour);
    if (!notModified || behaviour.notModifiedForm().carriesMetadata()) {
      behaviour.cacheControl().ifPresent(value -> fields.add("Cache-Control: " + value));
      if (behaviour.varyOnLanguage()) {
        fields.add("Vary: Accept-Language");
      }
    }
    if (!notModified || behaviour.notModifiedCarriesValidators(request)) {
      behaviour.etag(request).ifPresent(tag -> fields.add("ETag: " + tag));
      behaviour.lastModified(request).ifPresent(date -> fields.add("Last-Modified: " + date));
    }
    behaviour.revisionField(request).ifPresent(value -> fields.add(Behaviour.REVISION_FIELD + ": " + value));
    switch (behaviour.cookie()) {
      case API -> fields.add("Set-Cookie: pref=case-" + behaviour.caseId());
      case HEADER -> fields.add("Set-Cookie: pref=case-" + behaviour.caseId() + "; Path=/");
      case NONE -> { }
    }
    return fields;
  }

  /** Sends a case's body as its declared length and failure say; false when the connection must close. */
  private static boolean writeBody(Behaviour behaviour, byte[] body, List<String> fields, boolean head,
      OutputStream out) throws IOException {
    List<int[]> writes = behaviour.byteWrites(body);
    boolean fails = behaviour.failure() == Behaviour.Failure.AFTER_PARTIAL_WRITE;
    int sent = fails ? (writes.size() + 1) / 2 : writes.size();
    boolean flushesEarly = behaviour.flushAfterWrites().stream().anyMatch(after -> after <= writes.size());
    Optional<Long> declared = behaviour.declaredLengthFor(body);
    if (declared.isEmpty() && !fails && !flushesEarly && body.length <= BUFFER_BYTES) {
      declared = Optional.of((long) body.length);
    }
    fields.add(declared.map(length -> "Content-Length: " + length).orElse("Transfer-Encoding: chunked"));
    out.write(head(behaviour.status(), fields));
    if (head) {
      return !fails;
    }
    Body sink = declared.isPresent() ? new IdentityBody(out, declared.get()) : new ChunkedBody(out);
    for (int i = 0; i < sent; i++) {
      sink.write(body, writes.get(i)[0], writes.get(i)[1]);
      if (behaviour.flushAfterWrites().contains(i + 1)) {
        sink.flush();
      }
    }
    if (fails) {
      sink.flush();
      return false;
    }
    sink.end();
    return declared.filter(length -> length > body.length).isEmpty();
  }

  /** A body on its way out, through a container-sized buffer. */
  private interface Body {
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Sends what the buffer holds. */
    void flush() throws IOException;

    /** Ends the body. */
    void end() throws IOException;
  }

  /** A body framed by a {@code Content-Length}: never more bytes than that length. */
  private static final class IdentityBody implements Body {
    private final OutputStream out;
    private long left;

    IdentityBody(OutputStream out, long length) {
      this.out = out;
      this.left = length;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      int kept = (int) Math.min(length, left);
      out.write(bytes, offset, kept);
      left -= kept;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void end() {}
  }

  /** A chunked body: one chunk for each time the buffer fills or is flushed. */
  private static final class ChunkedBody implements Body {
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int filled;

    ChunkedBody(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int taken = Math.min(length, buffer.length - filled);
        System.arraycopy(bytes, offset, buffer, filled, taken);
        filled += taken;
        offset += taken;
        length -= taken;
        if (filled == buffer.length) {
          chunk();
        }
      }
    }

    @Override
    public void flush() throws IOException {
      chunk();
      out.flush();
    }

    @Override
    public void end() throws IOException {
      chunk();
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void chunk() throws IOException {
      if (filled > 0) {
        out.write((Integer.toHexString(filled) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buffer, 0, filled);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        filled = 0;
      }
    }
  }

  private static void sendHeadOrWhole(OutputStream out, int status, List<String> fields, byte[] body, boolean head)
      throws IOException {
    if (head) {
      List<String> framed = new ArrayList<>(fields);
      framed.add("Content-Length: " + body.length);
      out.write(head(status, framed));
    } else {
      send(out, status, fields, body);
    }
  }

  private static void send(OutputStream out, int status, List<String> fields, byte[] body) throws IOException {
    List<String> framed = new ArrayList<>(fields);
    framed.add("Content-Length: " + body.length);
    out.write(head(status, framed));
    out.write(body);
  }

  private static byte[] head(int status, List<String> fields) {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    fields.forEach(field -> head.append(field).append("\r\n"));
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 203 -> "Non-Authoritative Information";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 410 -> "Gone";
      case 500 -> "Internal Server Error";
      default -> "Status";
    };
  }

  /** The next request line, skipping empty lines before it (RFC 9112 §2.2); empty at the end of the stream. */
  private static Optional<String> requestLine(InputStream in) throws IOException {
    Optional<String> line = line(in);
    while (line.isPresent() && line.get().isEmpty()) {
      line = line(in);
    }
    return line;
  }

  /** The header fields up to the empty line, as name and value; empty when a line is not a field. */
  private static Optional<List<String[]>> fields(InputStream in) throws IOException {
    List<String[]> fields = new ArrayList<>();
    for (Optional<String> line = line(in); line.isPresent() && !line.get().isEmpty(); line = line(in)) {
      int colon = line.get().indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      fields.add(new String[] {line.get().substring(0, colon).trim(), line.get().substring(colon + 1).trim()});
    }
    return Optional.of(fields);
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
