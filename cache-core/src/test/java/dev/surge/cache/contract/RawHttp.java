package dev.surge.cache.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bare HTTP/1.1 client over a socket, for what the JDK client will not send: control characters, a
 * duplicate {@code Host}, absolute-form targets, a connection dropped mid-body. Requests are written as given
 * (ISO-8859-1); responses are read by {@code Content-Length}, chunked coding, or to the end of the stream.
 */
public final class RawHttp {

  private static final int TIMEOUT_MILLIS = 30_000;

  private final URI base;

  /** A client of the server at {@code base}. */
  public RawHttp(URI base) {
    this.base = base;
  }

  /** A GET of {@code target} with the given extra header lines (each without CRLF), closing the connection. */
  public static String get(String target, String... headerLines) {
    StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
    boolean hostGiven = false;
    for (String line : headerLines) {
      hostGiven |= line.regionMatches(true, 0, "Host:", 0, 5);
      request.append(line).append("\r\n");
    }
    if (!hostGiven) {
      request.append("Host: 127.0.0.1\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }

  /** Sends {@code request} on a new connection and reads one response (no body when {@code bodyless}). */
  public Response exchange(String request, boolean bodyless) throws IOException {
    try (Socket socket = open()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Response.read(socket.getInputStream(), bodyless);
    }
  }

  /** Sends {@code request} (a GET unless told otherwise) on a new connection and reads one response. */
  public Response exchange(String request) throws IOException {
    return exchange(request, request.startsWith("HEAD "));
  }

  /**
   * Sends {@code request} on a new connection and returns every byte the server sends until it closes the
   * connection, so a test can prove that exactly one response came back.
   */
  public byte[] exchangeUntilClosed(String request) throws IOException {
    try (Socket socket = open()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return socket.getInputStream().readAllBytes();
    }
  }

  /** Opens a connection to the server; the caller writes and reads it and closes it. */
  public Socket open() throws IOException {
    return connect(new Socket());
  }

  /**
   * Opens a connection whose receive buffer holds about {@code bytes}, so that when the caller stops reading,
   * the server's writes soon block (or queue) instead of vanishing into large loopback buffers.
   */
  public Socket openWithReceiveBuffer(int bytes) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(bytes); // before connecting, so that the advertised window is small
    return connect(socket);
  }

  private Socket connect(Socket socket) throws IOException {
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    return socket;
  }

  /** Writes {@code request} to an open connection. */
  public static void write(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * One response read off the wire.
   *
   * @param status the status code
   * @param headers the header fields in order, as {@code name: value} lines split once at the colon
   * @param body the body after any chunked coding is removed
   */
  public record Response(int status, List<Header> headers, byte[] body) {

    /** The first value of the named header. */
    public Optional<String> header(String name) {
      return headers.stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** Every value of the named header. */
    public List<String> headers(String name) {
      return headers.stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Reads one response from {@code in}; a bodyless one (HEAD, 204, 304, 1xx) stops after its headers. */
    public static Response read(InputStream in, boolean bodyless) throws IOException {
      String statusLine = line(in);
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      List<Header> headers = new ArrayList<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.add(new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      Response head = new Response(status, List.copyOf(headers), new byte[0]);
      if (bodyless || status == 204 || status == 304 || status < 200) {
        return head;
      }
      Optional<String> coding = head.header("Transfer-Encoding");
      if (coding.isPresent() && coding.get().toLowerCase(Locale.ROOT).contains("chunked")) {
        return new Response(status, head.headers(), chunked(in));
      }
      Optional<String> length = head.header("Content-Length");
      byte[] body = length.isPresent() ? in.readNBytes(Integer.parseInt(length.get())) : in.readAllBytes();
      return new Response(status, head.headers(), body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
        body.write(in.readNBytes(size));
        line(in);
      }
      for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
        // trailers are read and dropped
      }
      return body.toByteArray();
    }

    private static int chunkSize(String line) {
      int extension = line.indexOf(';');
      return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed mid-line: " + line.toString(StandardCharsets.ISO_8859_1));
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * One header field.
   *
   * @param name the field name
   * @param value the field value, trimmed
   */
  public record Header(String name, String value) {}
}
