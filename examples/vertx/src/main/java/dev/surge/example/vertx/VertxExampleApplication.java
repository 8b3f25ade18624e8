package dev.surge.example.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.vertx.HttpCacheHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Vert.x web application cached by Surge. Two lines wire it: Surge's handler on the route before the
 * handler that renders, and {@code surge.capturing(router)} as the server's request handler, which lets Surge
 * copy aside what the later handlers write. The page counts its renders, so a repeat request that shows the
 * same number was answered by Surge.
 */
public final class VertxExampleApplication {

  private VertxExampleApplication() {}

  public static void main(String[] args) {
    start(Vertx.vertx(), 8080)
        .onSuccess(server -> System.out.println("Listening on http://127.0.0.1:" + server.actualPort() + "/hello"));
  }

  /** Starts the application on the loopback address; port 0 picks a free port. */
  public static Future<HttpServer> start(Vertx vertx, int port) {
    HttpCache cache = HttpCache.builder()
        .defaultTtl(Duration.ofSeconds(30))
        .cacheStatusHeader(true) // "Cache-Status: Surge; hit; ttl=29" on a hit
        .build();
    HttpCacheHandler surge = HttpCacheHandler.create(cache);
    AtomicInteger renders = new AtomicInteger();

    Router router = Router.router(vertx);
    router.route("/hello").handler(surge);
    router.get("/hello").handler(context -> context.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Hello from Vert.x, render #" + renders.incrementAndGet() + "\n"));

    return vertx.createHttpServer()
        .requestHandler(surge.capturing(router))
        .listen(port, "127.0.0.1");
  }
}
