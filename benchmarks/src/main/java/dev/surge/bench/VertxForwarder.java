package dev.surge.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Map;

/**
 * A forwarding handler: sends each request (method, path, query, end-to-end headers, body) to one upstream
 * and relays its answer (any status, end-to-end headers, body) unchanged; never follows redirects.
 */
final class VertxForwarder {

  private final HttpClientAgent client;
  private final URI upstream;

  VertxForwarder(HttpClientAgent client, URI upstream) {
    this.client = client;
    this.upstream = upstream;
  }

  void handle(RoutingContext context) {
    HttpServerRequest incoming = context.request();
    incoming.pause();
    RequestOptions options = new RequestOptions()
        .setMethod(incoming.method())
        .setHost(upstream.getHost())
        .setPort(upstream.getPort())
        .setURI(incoming.uri())
        .setFollowRedirects(false);
    client.request(options)
        .compose(outgoing -> {
          copy(incoming.headers(), outgoing.headers());
          outgoing.headers().set("Host", upstream.getAuthority());
          return outgoing.send(incoming);
        })
        .compose(answer -> relay(answer, context.response()))
        .onFailure(failure -> {
          if (!context.response().headWritten()) {
            context.response().setStatusCode(502).end("upstream failed: " + failure.getMessage());
          } else {
            context.response().reset();
          }
        });
  }

  private static Future<Void> relay(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    if (answer.statusMessage() != null) {
      response.setStatusMessage(answer.statusMessage());
    }
    copy(answer.headers(), response.headers());
    return response.send(answer);
  }

  private static void copy(MultiMap from, MultiMap to) {
    ForwardedHeaders rule = new ForwardedHeaders(from.getAll("Connection"));
    for (Map.Entry<String, String> field : from) {
      if (rule.passes(field.getKey())) {
        to.add(field.getKey(), field.getValue());
      }
    }
  }
}
