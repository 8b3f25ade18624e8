package dev.surge.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.function.Function;

/**
 * The upstream side of proxy mode, shared by both forwarders: sends a request to one upstream over HTTP/1.1
 * and hands its answer on as soon as the status and header fields arrived, never following a redirect.
 * A request goes with body framing only when it has a body: without one it carries neither
 * {@code Content-Length} nor {@code Transfer-Encoding}, so an origin that never reads request bodies stays in
 * step with the connection; a body goes whole, with a {@code Content-Length}.
 *
 * <p>Requests reuse pooled connections. When a connection closes before any of the answer arrived, as a pooled
 * one does when the upstream's keep-alive timeout fired just as it was reused, an idempotent request (RFC 9110
 * §9.2.2) is sent once more, on a new connection of its own; any other request fails, since the upstream may
 * have acted on it, and is never sent twice. A pooled connection found closed before any of the request went
 * out (the pool may hand one out before it learnt of the close) is replaced by a new one for any request.
 */
final class UpstreamClient {

  /** As many as Jetty's default thread pool, so that a forwarded request does not wait for a connection. */
  private static final int CONNECTIONS = 200;

  private final HttpClientAgent client;
  private final URI upstream;
  private final boolean secure;
  private final int port;

  private UpstreamClient(HttpClientAgent client, URI upstream) {
    this.client = client;
    this.upstream = upstream;
    this.secure = "https".equalsIgnoreCase(upstream.getScheme());
    this.port = upstream.getPort() >= 0 ? upstream.getPort() : secure ? 443 : 80;
  }

  /** A client to {@code upstream} (a base URL such as {@code http://127.0.0.1:9000}) on {@code vertx}. */
  static UpstreamClient create(Vertx vertx, URI upstream) {
    return new UpstreamClient(
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(CONNECTIONS)), upstream);
  }

  /**
   * Sends {@code request} and hands its answer to {@code onAnswer} on the event loop as soon as the status and
   * header fields arrived, before any of the body is delivered, so that {@code onAnswer} can take the body over;
   * the result is {@code onAnswer}'s.
   */
  <T> Future<T> send(UpstreamRequest request, Function<HttpClientResponse, Future<T>> onAnswer) {
    return client.request(options(request)).transform(pooled -> {
      if (pooled.failed()) { // nothing of the request went out: a closed connection is replaced for any request
        return pooled.cause() instanceof HttpClosedException
            ? sendOnNewConnection(request, onAnswer)
            : Future.failedFuture(pooled.cause());
      }
      return sendOn(pooled.result(), request, onAnswer, unanswered ->
          request.idempotent() ? sendOnNewConnection(request, onAnswer) : Future.failedFuture(unanswered));
    });
  }

  /** Sends {@code request} on a connection of its own, closed once the answer ended, or at once without one. */
  private <T> Future<T> sendOnNewConnection(UpstreamRequest request,
      Function<HttpClientResponse, Future<T>> onAnswer) {
    return client.connect(new HttpConnectOptions().setHost(upstream.getHost()).setPort(port).setSsl(secure))
        .compose(connection -> connection.request(options(request))
            .transform(opened -> opened.succeeded()
                ? sendOn(opened.result(), request, answer -> {
                    Future<T> taken = onAnswer.apply(answer);
                    answer.end().onComplete(ended -> connection.close());
                    return taken;
                  }, Future::failedFuture)
                : Future.failedFuture(opened.cause()))
            .onFailure(unanswered -> connection.close()));
  }

  /**
   * Sends {@code request} on {@code outgoing}; its answer goes to {@code onAnswer} in the callback of the
   * answer's own arrival, so before any of its body, and a failure before any answer to {@code unanswered}.
   */
  private <T> Future<T> sendOn(HttpClientRequest outgoing, UpstreamRequest request,
      Function<HttpClientResponse, Future<T>> onAnswer, Function<Throwable, Future<T>> unanswered) {
    outgoing.headers().addAll(request.fields());
    outgoing.headers().set("Host", upstream.getAuthority());
    Future<HttpClientResponse> sent = request.body().map(outgoing::send).orElseGet(outgoing::send);
    return sent.transform(answered ->
        answered.succeeded() ? onAnswer.apply(answered.result()) : unanswered.apply(answered.cause()));
  }

  private RequestOptions options(UpstreamRequest request) {
    return new RequestOptions()
        .setMethod(request.method())
        .setHost(upstream.getHost())
        .setPort(port)
        .setSsl(secure)
        .setURI(request.target())
        .setFollowRedirects(false);
  }
}
