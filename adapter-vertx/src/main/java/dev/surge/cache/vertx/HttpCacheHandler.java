package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Surge for a Vert.x web router: a route handler that answers repeat requests from the cache before the
 * handlers after it run, and stores what they render when the cache's policy allows.
 *
 * <pre>{@code
 * HttpCacheHandler surge = HttpCacheHandler.create(cache);
 * router.route("/pages/*").handler(surge);
 * vertx.createHttpServer().requestHandler(surge.capturing(router)).listen(8080);
 * }</pre>
 *
 * <p>Vert.x offers no public hook that sees a response's body, so the one extra line, {@link #capturing},
 * lets the handler copy aside what later handlers write ({@code write}, {@code end}, {@code send}); without
 * it, hits are still served but misses are not stored, and each response the cache would have stored carries
 * {@code Cache-Status: Surge; fwd=uri-miss; detail=capture-missing} (even with {@code Cache-Status} off), so
 * that the mistake shows without a logging provider. Guarantees: the event loop is never blocked (lookups
 * and stores are non-blocking, waiting for another request's render of the same key is a future, resumed on
 * the request's own context); a response sent with {@code sendFile}, that sets a cookie, uses trailers, is
 * reset, is ended by a Vert.x pipe whose source or write failed ({@code send(ReadStream)}, {@code pipeTo}), or
 * never ends is not stored; HEAD is answered from the GET entry.
 *
 * <p>Sessions: a page rendered with a vertx-web session that the request did not bring in a cookie (one
 * {@code SessionHandler} created for it, one whose id was regenerated, or one from the URL in cookieless mode)
 * is not stored. The session handler may be mounted before this handler (then it runs for hits too, and a
 * visitor without a session gets a new one on a hit as without the cache) or after it (then hits are answered
 * without touching sessions); either way no page is stored with a session of its own.
 *
 * <p>Store scope: build one {@link HttpCache} and hand it to every verticle instance for one store shared by
 * all event loops, or build one per verticle instance (in its {@code start}) for a store per event loop with
 * no cross-thread contention, the in-process form of a pre-forked worker's own cache.
 */
public interface HttpCacheHandler extends Handler<RoutingContext> {

  /** A handler serving from {@code cache}; logs the cache's {@linkplain HttpCache#logStartUp start-up line}. */
  static HttpCacheHandler create(HttpCache cache) {
    return new HttpCacheHandlerImpl(cache);
  }

  /**
   * The server's request handler: passes each request to {@code router} wrapped so that this handler can
   * capture the body later handlers write.
   */
  Handler<HttpServerRequest> capturing(Handler<HttpServerRequest> router);

  /** The cache this handler serves from, for purges and stats. */
  HttpCache cache();
}
