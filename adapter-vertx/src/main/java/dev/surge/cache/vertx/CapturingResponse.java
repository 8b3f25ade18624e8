package dev.surge.cache.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.ResponseHeaders;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A response that behaves exactly like the one it wraps, and, once {@linkplain #arm armed} for a miss,
 * copies every body chunk aside as it goes to the client and notes whatever makes the response unfit to
 * store. Given a {@linkplain #sendStaleOnError source of stale copies}, it sends a stale copy instead of an
 * error status the application is about to send, and then ignores what the application writes. The
 * interface's default methods ({@code send}, the shorter {@code sendFile}s) are deliberately not overridden:
 * they call the methods below, so nothing written can slip past the copy. A pipe into the response ({@code
 * send(ReadStream)}, {@code pipeTo}) ends it on a partial body when its source fails; that end is passed on
 * as Vert.x does it, and the capture is unfit. The {@code Content-Encoding} captured is the application's,
 * read as the head leaves the wrapper, never one a compressing server adds to the same headers afterwards.
 */
final class CapturingResponse implements HttpServerResponse {

  private final HttpServerResponse delegate;
  private final CapturingRequest request;
  private ResponseCapture capture;
  private Function<CapturedResponse, Optional<CachedResponse>> notModified;
  private IntFunction<Optional<CachedResponse>> staleOnError;
  private MultiMap setBeforeTheApplication;
  private boolean sentStale;
  private boolean setsCookie;

  CapturingResponse(HttpServerResponse delegate, CapturingRequest request) {
    this.delegate = delegate;
    this.request = request;
  }

  /**
   * Revalidates with {@code conditionalFields}: handlers see them in place of the client's conditional fields,
   * and a {@code 304} they answer goes to {@code notModified}, whose response, if it gives one, is sent
   * instead. Call before the application runs.
   */
  void revalidate(ResponseHeaders conditionalFields, Function<CapturedResponse, Optional<CachedResponse>> notModified) {
    request.passConditionalFields(conditionalFields);
    this.notModified = notModified;
  }

  /** Starts copying, up to {@code limit} body bytes; returns the capture. */
  ResponseCapture arm(long limit) {
    capture = new ResponseCapture(limit);
    return capture;
  }

  /**
   * Sends the copy {@code staleOnError} gives for the error status the application is about to send, if any,
   * with the headers set so far (by handlers before the cache's): call before the application runs.
   */
  void sendStaleOnError(IntFunction<Optional<CachedResponse>> staleOnError) {
    this.staleOnError = staleOnError;
    this.setBeforeTheApplication = MultiMap.caseInsensitiveMultiMap().addAll(delegate.headers());
  }

  /**
   * Whether the application's output is to be ignored: a stale copy went instead, sent now if the head is
   * about to be written with an error status for which the source gives one.
   */
  private boolean replacedByStale() {
    if (sentStale) {
      return true;
    }
    if (notModified != null && delegate.getStatusCode() == 304 && !delegate.headWritten()) {
      Optional<CachedResponse> validated = notModified.apply(notModifiedAnswer());
      notModified = null;
      if (validated.isPresent()) {
        sentStale = true;
        unfit("answered 304; the stored response it revalidated was sent instead");
        // in place of the 304, whose fields it holds but for framing and hop-by-hop ones (a relayed
        // Transfer-Encoding must not frame the stored body); the cookies it set stay, named in the stored
        // response only to refuse storing
        List<String> cookies = List.copyOf(delegate.headers().getAll("Set-Cookie"));
        delegate.headers().clear();
        cookies.forEach(cookie -> delegate.headers().add("Set-Cookie", cookie));
        ResponseHeaders withoutCookies = validated.get().headers().without(name -> name.equalsIgnoreCase("Set-Cookie"));
        StoredResponses.write(delegate, validated.get().newBuilder().headers(withoutCookies).build());
        return true;
      }
    }
    if (staleOnError == null || delegate.getStatusCode() < 500 || delegate.headWritten()) {
      return false;
    }
    Optional<CachedResponse> stale = staleOnError.apply(delegate.getStatusCode());
    staleOnError = null;
    if (stale.isEmpty()) {
      return false;
    }
    sentStale = true;
    unfit("answered " + delegate.getStatusCode() + "; a stale copy was sent instead");
    delegate.headers().clear().addAll(setBeforeTheApplication);
    StoredResponses.write(delegate, stale.get());
    return true;
  }

  /** The application's 304 as the cache reads it: its status and header fields. */
  private CapturedResponse notModifiedAnswer() {
    CapturedResponse.Builder answer = CapturedResponse.builder().status(delegate.getStatusCode());
    delegate.headers().forEach(field -> answer.header(field.getKey(), field.getValue()));
    if (setsCookie) {
      answer.header("Set-Cookie", "(a cookie set through the cookie API)"); // so that it is not stored
    }
    return answer.build();
  }

  /** Notes a cookie set or removed through the cookie API, which Vert.x writes only with the head. */
  private void cookieSet() {
    setsCookie = true;
    unfit("sets a cookie");
  }

  private void copy(Buffer chunk) {
    if (capture != null) {
      capture.append(chunk);
    }
  }

  /** Call before passing on anything that may write the head: notes the application's content coding. */
  private void headGoingOut() {
    if (capture != null && !delegate.headWritten()) {
      capture.headGoingOut(delegate.headers());
    }
  }

  private void markEnded() {
    if (capture != null) {
      capture.markEnded();
    }
  }

  private void unfit(String reason) {
    if (capture != null) {
      capture.unfit(reason);
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    copy(data);
    headGoingOut();
    return delegate.write(data);
  }

  @Override
  public Future<Void> write(String chunk) {
    return write(Buffer.buffer(chunk));
  }

  @Override
  public Future<Void> write(String chunk, String encoding) {
    return write(Buffer.buffer(chunk, encoding));
  }

  @Override
  public Future<Void> end(Buffer chunk) {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    copy(chunk);
    markEnded();
    headGoingOut();
    return delegate.end(chunk);
  }

  @Override
  public Future<Void> end(String chunk) {
    return end(Buffer.buffer(chunk));
  }

  @Override
  public Future<Void> end(String chunk, String encoding) {
    return end(Buffer.buffer(chunk, encoding));
  }

  @Override
  public Future<Void> end() {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    if (capture != null && PipeFailures.endingTheResponse()) {
      capture.unfit("a pipe into the response failed and ended it on a partial body");
    }
    markEnded();
    headGoingOut();
    return delegate.end();
  }

  @Override
  public Future<Void> sendFile(String filename, long offset, long length) {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    unfit("sendFile bypasses the copy");
    return delegate.sendFile(filename, offset, length);
  }

  @Override
  public Future<Void> sendFile(FileChannel channel, long offset, long length) {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    unfit("sendFile bypasses the copy");
    return delegate.sendFile(channel, offset, length);
  }

  @Override
  public Future<Void> sendFile(RandomAccessFile file, long offset, long length) {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    unfit("sendFile bypasses the copy");
    return delegate.sendFile(file, offset, length);
  }

  @Override
  public HttpServerResponse addCookie(Cookie cookie) {
    cookieSet();
    delegate.addCookie(cookie);
    return this;
  }

  @Override
  public Cookie removeCookie(String name, boolean invalidate) {
    cookieSet();
    return delegate.removeCookie(name, invalidate);
  }

  @Override
  public Set<Cookie> removeCookies(String name, boolean invalidate) {
    cookieSet();
    return delegate.removeCookies(name, invalidate);
  }

  @Override
  public Cookie removeCookie(String name, String domain, String path, boolean invalidate) {
    cookieSet();
    return delegate.removeCookie(name, domain, path, invalidate);
  }

  @Override
  public HttpServerResponse putTrailer(String name, String value) {
    unfit("trailers");
    delegate.putTrailer(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, CharSequence value) {
    unfit("trailers");
    delegate.putTrailer(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(String name, Iterable<String> values) {
    unfit("trailers");
    delegate.putTrailer(name, values);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, Iterable<CharSequence> values) {
    unfit("trailers");
    delegate.putTrailer(name, values);
    return this;
  }

  @Override
  public MultiMap trailers() {
    unfit("trailers");
    return delegate.trailers();
  }

  @Override
  public Future<Void> reset(long code) {
    unfit("reset");
    return delegate.reset(code);
  }

  @Override
  public Future<Void> writeCustomFrame(int type, int flags, Buffer payload) {
    unfit("custom frames");
    return delegate.writeCustomFrame(type, flags, payload);
  }

  // Everything below passes straight through.

  @Override
  public HttpServerResponse exceptionHandler(Handler<Throwable> handler) {
    delegate.exceptionHandler(handler);
    return this;
  }

  @Override
  public HttpServerResponse setWriteQueueMaxSize(int maxSize) {
    delegate.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return delegate.writeQueueFull();
  }

  @Override
  public HttpServerResponse drainHandler(Handler<Void> handler) {
    delegate.drainHandler(handler);
    return this;
  }

  @Override
  public int getStatusCode() {
    return delegate.getStatusCode();
  }

  @Override
  public HttpServerResponse setStatusCode(int statusCode) {
    delegate.setStatusCode(statusCode);
    return this;
  }

  @Override
  public String getStatusMessage() {
    return delegate.getStatusMessage();
  }

  @Override
  public HttpServerResponse setStatusMessage(String statusMessage) {
    delegate.setStatusMessage(statusMessage);
    return this;
  }

  @Override
  public HttpServerResponse setChunked(boolean chunked) {
    delegate.setChunked(chunked);
    return this;
  }

  @Override
  public boolean isChunked() {
    return delegate.isChunked();
  }

  @Override
  public MultiMap headers() {
    return delegate.headers();
  }

  @Override
  public HttpServerResponse putHeader(String name, String value) {
    delegate.putHeader(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, CharSequence value) {
    delegate.putHeader(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(String name, Iterable<String> values) {
    delegate.putHeader(name, values);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, Iterable<CharSequence> values) {
    delegate.putHeader(name, values);
    return this;
  }

  @Override
  public HttpServerResponse closeHandler(Handler<Void> handler) {
    delegate.closeHandler(handler);
    return this;
  }

  @Override
  public HttpServerResponse endHandler(Handler<Void> handler) {
    delegate.endHandler(handler);
    return this;
  }

  @Override
  public Future<Void> writeHead() {
    if (replacedByStale()) {
      return Future.succeededFuture();
    }
    headGoingOut();
    return delegate.writeHead();
  }

  @Override
  public Future<Void> writeContinue() {
    return delegate.writeContinue();
  }

  @Override
  public Future<Void> writeEarlyHints(MultiMap headers) {
    return delegate.writeEarlyHints(headers);
  }

  @Override
  public boolean ended() {
    return delegate.ended();
  }

  @Override
  public boolean closed() {
    return delegate.closed();
  }

  @Override
  public boolean headWritten() {
    return delegate.headWritten();
  }

  @Override
  public HttpServerResponse headersEndHandler(Handler<Void> handler) {
    delegate.headersEndHandler(handler);
    return this;
  }

  @Override
  public HttpServerResponse bodyEndHandler(Handler<Void> handler) {
    delegate.bodyEndHandler(handler);
    return this;
  }

  @Override
  public long bytesWritten() {
    return delegate.bytesWritten();
  }

  @Override
  public int streamId() {
    return delegate.streamId();
  }

  @Override
  public Future<HttpServerResponse> push(HttpMethod method, HostAndPort authority, String path, MultiMap headers) {
    return delegate.push(method, authority, path, headers);
  }
}
