package dev.surge.cache.servlet;

import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Wraps the response of a miss so that its body reaches the client as the application writes it while a
 * copy is kept aside (a tee), up to a limit past which copying stops. It also watches for everything that
 * makes a response unfit to store: errors and redirects sent through the container, cookies, trailers,
 * non-blocking output, a failed write to the client, a charset it cannot encode with. Given a source of
 * stale copies, it holds back an error sent through the container ({@code sendError}) for which the source
 * has one, so that the filter can send the stale copy instead.
 *
 * <p>Nothing is buffered here, so {@code flushBuffer}, {@code isCommitted} and the container's own buffer
 * behave exactly as without the cache.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

  private static final String CONTENT_ENCODING = "Content-Encoding";

  private final long limit;
  private final CaptureBuffer capture;
  private TeeOutputStream stream;
  private TeeWriter teeWriter;
  private PrintWriter writer;
  private Charset writerCharset;
  /** The writer's text encoded, once {@link #finish()} found that it encodes exactly. */
  private Optional<byte[]> encodedText = Optional.empty();
  private Optional<String> declaredLength = Optional.empty();
  /**
   * The {@code Content-Encoding} values set through this wrapper, by the application or a filter inside Surge.
   * One the response holds beyond them was set below the wrapper by the container's own compressor (Tomcat's
   * {@code compression}, Jetty's {@code GzipHandler}), which compresses the bytes after they passed the tee:
   * the captured body is not in that coding.
   */
  private final List<String> contentCodings = new ArrayList<>();
  private boolean setsCookie;
  private Optional<String> unfitBecause = Optional.empty();
  private final BooleanSupplier wanted;
  private Boolean copiesBody;
  private IntFunction<Optional<CachedResponse>> staleOnError = status -> Optional.empty();
  private Optional<CachedResponse> staleInsteadOfError = Optional.empty();
  private Optional<Integer> heldBackError = Optional.empty();
  private boolean holdsNotModified;

  /**
   * A capture of {@code response}'s body up to {@code limit} bytes, if {@code wanted} says so when the
   * application first asks for a stream or writer; otherwise the body goes to the client untouched.
   */
  CapturingResponse(HttpServletResponse response, long limit, BooleanSupplier wanted) {
    super(response);
    this.limit = limit;
    this.capture = new CaptureBuffer(limit);
    this.wanted = wanted;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (!copiesBody()) {
      return super.getOutputStream();
    }
    if (stream == null) {
      stream = new TeeOutputStream(super.getOutputStream(), this);
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (!copiesBody()) {
      return super.getWriter();
    }
    if (writer == null) {
      PrintWriter client = super.getWriter();
      writerCharset = charset(getCharacterEncoding());
      teeWriter = new TeeWriter(client, limit);
      writer = new PrintWriter(teeWriter);
    }
    return writer;
  }

  @Override
  public void setContentLength(int length) {
    declaredLength = Optional.of(Integer.toString(length));
    super.setContentLength(length);
  }

  @Override
  public void setContentLengthLong(long length) {
    declaredLength = Optional.of(Long.toString(length));
    super.setContentLengthLong(length);
  }

  @Override
  public void setHeader(String name, String value) {
    noteContentLength(name, value);
    if (CONTENT_ENCODING.equalsIgnoreCase(name)) {
      contentCodings.clear();
      if (value != null) {
        contentCodings.add(value);
      }
    }
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    noteContentLength(name, value);
    if (CONTENT_ENCODING.equalsIgnoreCase(name) && value != null) {
      contentCodings.add(value);
    }
    super.addHeader(name, value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    noteContentLength(name, Integer.toString(value));
    super.setIntHeader(name, value);
  }

  @Override
  public void addIntHeader(String name, int value) {
    noteContentLength(name, Integer.toString(value));
    super.addIntHeader(name, value);
  }

  @Override
  public void addCookie(Cookie cookie) {
    setsCookie = true;
    super.addCookie(cookie);
  }

  /** Where to get a stale copy for an error sent through the container. */
  void sendStaleOnError(IntFunction<Optional<CachedResponse>> source) {
    this.staleOnError = source;
  }

  /** The stale copy to send instead of an error the application sent through the container, if any. */
  Optional<CachedResponse> staleInsteadOfError() {
    return staleInsteadOfError;
  }

  /** The status of an error the application sent through the container and this wrapper held back, if any. */
  Optional<Integer> heldBackError() {
    return heldBackError;
  }

  /**
   * Makes {@link #flushBuffer} keep a {@code 304} from being sent, so that the cache can answer with the stored
   * response it revalidates instead.
   */
  void holdNotModified() {
    holdsNotModified = true;
  }

  /**
   * Does nothing while an error is held back (after {@code sendError}, the application's output is void) or
   * while a held {@code 304} is the status.
   */
  @Override
  public void flushBuffer() throws IOException {
    if (staleInsteadOfError.isEmpty() && !(holdsNotModified && getStatus() == 304)) {
      super.flushBuffer();
    }
  }

  @Override
  public void sendError(int status) throws IOException {
    uncacheable("error sent through the container");
    if (!heldBackForStale(status)) {
      super.sendError(status);
    }
  }

  @Override
  public void sendError(int status, String message) throws IOException {
    uncacheable("error sent through the container");
    if (!heldBackForStale(status)) {
      super.sendError(status, message);
    }
  }

  private boolean heldBackForStale(int status) {
    if (staleInsteadOfError.isEmpty() && status >= 500 && !isCommitted()) {
      staleInsteadOfError = staleOnError.apply(status);
      heldBackError = staleInsteadOfError.map(ignored -> status);
    }
    return staleInsteadOfError.isPresent();
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    uncacheable("redirect sent through the container");
    super.sendRedirect(location);
  }

  @Override
  public void sendRedirect(String location, int status) throws IOException {
    uncacheable("redirect sent through the container");
    super.sendRedirect(location, status);
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    uncacheable("redirect sent through the container");
    super.sendRedirect(location, clearBuffer);
  }

  @Override
  public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
    uncacheable("redirect sent through the container");
    super.sendRedirect(location, status, clearBuffer);
  }

  @Override
  public void setTrailerFields(Supplier<Map<String, String>> supplier) {
    uncacheable("trailers");
    super.setTrailerFields(supplier);
  }

  @Override
  public void reset() {
    super.reset();
    forgetBody();
    declaredLength = Optional.empty();
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    forgetBody();
  }

  /** Whether the body is copied: asked of {@code wanted} once, when the body is first written. */
  boolean copiesBody() {
    if (copiesBody == null) {
      copiesBody = wanted.getAsBoolean();
    }
    return copiesBody;
  }

  /** Whether the body was written without a copy, so that the capture cannot be stored whatever is decided later. */
  boolean declinedCopy() {
    return copiesBody != null && !copiesBody;
  }

  CaptureBuffer capture() {
    return capture;
  }

  void uncacheable(String reason) {
    if (unfitBecause.isEmpty()) {
      unfitBecause = Optional.of(reason);
    }
  }

  IOException clientFailed(IOException failure) {
    uncacheable("the client went away: " + failure);
    return failure;
  }

  /**
   * Finishes the response as far as the cache is concerned and tells why it must not be stored, if it must
   * not. The response itself is left to the container exactly as the application left it: nothing is
   * declared and nothing flushed that the application did not, so the client gets the same framing as without
   * the cache. A writer whose response is already committed is flushed to find out whether the client got
   * everything; one that is not has sent nothing yet.
   */
  Optional<String> finish() {
    if (teeWriter != null && stream != null) {
      // Only possible across a reset(), which clears the choice: the writer's copy is not the body.
      uncacheable("both a writer and a stream were used");
      return unfitBecause;
    }
    if (teeWriter != null) {
      if (writerCharset == null) {
        uncacheable("unknown charset " + getCharacterEncoding());
      } else if (!teeWriter.overflowed()) {
        encodedText = teeWriter.encodedExactly(writerCharset);
        if (encodedText.isEmpty()) {
          uncacheable("text that " + writerCharset + " cannot encode exactly (unmappable characters or lone"
              + " surrogates, which containers replace each in their own way)");
        }
      }
      if (isCommitted() && teeWriter.clientFailed()) {
        uncacheable("the client went away");
      }
    }
    return unfitBecause;
  }

  /**
   * What the application produced: status, headers as the container holds them but a {@code Content-Encoding}
   * only as the application set it (see {@link #contentCodings}), and the captured body.
   */
  CapturedResponse captured() {
    CapturedResponse.Builder captured = CapturedResponse.builder().status(getStatus());
    for (String name : getHeaderNames()) {
      if (name.equalsIgnoreCase(CONTENT_ENCODING)) {
        contentCodings.forEach(value -> captured.header(name, value));
      } else if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
        getHeaders(name).forEach(value -> captured.header(name, value));
      }
    }
    if (getContentType() != null) {
      captured.header("Content-Type", getContentType());
    }
    declaredLength.ifPresent(length -> captured.header("Content-Length", length));
    if (setsCookie) {
      captured.header("Set-Cookie", "(a cookie set through the servlet API)");
    }
    addBody(captured);
    return captured.build();
  }

  /** Status and headers only, for a response whose body was not captured. */
  CapturedResponse statusOnly() {
    return CapturedResponse.builder().status(getStatus()).build();
  }

  private void addBody(CapturedResponse.Builder captured) {
    if (teeWriter != null) {
      byte[] encoded = encodedText.orElse(new byte[0]);
      if (teeWriter.overflowed() || encoded.length > limit) {
        captured.overflowed();
      } else {
        captured.body(encoded);
      }
    } else if (capture.overflowed()) {
      captured.overflowed();
    } else {
      captured.body(capture.array(), capture.size());
    }
  }

  private void forgetBody() {
    capture.clear();
    if (teeWriter != null) {
      teeWriter.clear();
    }
  }

  private void noteContentLength(String name, String value) {
    if (name.equalsIgnoreCase("Content-Length")) {
      declaredLength = Optional.ofNullable(value); // a null value removes the header
    }
  }

  private static Charset charset(String name) {
    try {
      return name == null ? null : Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
      return null;
    }
  }
}
