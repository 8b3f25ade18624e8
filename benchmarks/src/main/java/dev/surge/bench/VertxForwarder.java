package dev.surge.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * A forwarding handler: sends each request (method, path, query, end-to-end headers, and its body, read whole,
 * when it has one) to one upstream through an {@link UpstreamClient} and relays its answer (any status,
 * end-to-end headers, body) unchanged, streaming the body; never follows redirects. An answer without a
 * {@code Date} gets one, the time it is relayed (RFC 9110 §6.6.1). The answer to a {@code HEAD} keeps the
 * upstream's {@code Content-Length}, the length of the page (RFC 9110 §8.6). An answer the upstream cuts short
 * reaches the client cut short (its connection is reset), never as a whole, shorter answer. When the upstream
 * gives no answer, the client gets {@code 502}.
 */
final class VertxForwarder {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final UpstreamClient upstream;

  VertxForwarder(UpstreamClient upstream) {
    this.upstream = upstream;
  }

  void handle(RoutingContext context) {
    HttpServerRequest incoming = context.request();
    boolean framed = incoming.headers().contains("Content-Length") || incoming.headers().contains("Transfer-Encoding");
    incoming.body()
        .map(read -> new UpstreamRequest(incoming.method(), incoming.uri(), endToEnd(incoming.headers()),
            UpstreamRequest.bodyOf(framed, read)))
        .compose(request -> upstream.send(request, answer -> relay(incoming.method(), answer, context.response())))
        .onFailure(failure -> {
          if (!context.response().headWritten()) {
            context.response().setStatusCode(502).end("upstream failed: " + failure.getMessage());
          } else {
            context.response().reset();
          }
        });
  }

  private static Future<Void> relay(HttpMethod method, HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    if (answer.statusMessage() != null) {
      response.setStatusMessage(answer.statusMessage());
    }
    response.headers().addAll(endToEnd(answer.headers()));
    if (method == HttpMethod.HEAD && answer.headers().contains("Content-Length")) {
      response.putHeader("Content-Length", answer.headers().get("Content-Length")); // the page's, not framing
    }
    if (!response.headers().contains("Date")) {
      response.putHeader("Date", IMF_FIXDATE.format(Instant.now()));
    }
    if (!response.headers().contains("Content-Length")) {
      response.setChunked(true);
    }
    return answer.pipe().endOnFailure(false).to(response).recover(cut -> {
      response.reset(); // the client sees the answer cut, as the upstream cut it, never a whole shorter one
      return Future.succeededFuture();
    });
  }

  private static MultiMap endToEnd(MultiMap fields) {
    ForwardedHeaders rule = new ForwardedHeaders(fields.getAll("Connection"));
    MultiMap passed = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> field : fields) {
      if (rule.passes(field.getKey())) {
        passed.add(field.getKey(), field.getValue());
      }
    }
    return passed;
  }
}
