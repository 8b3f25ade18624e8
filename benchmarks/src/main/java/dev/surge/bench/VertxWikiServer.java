package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.vertx.HttpCacheHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The wiki on a Vert.x router, rendering on worker threads (rendering is CPU work an event loop must not
 * do), with {@link HttpCacheHandler} in front when cached. A prebuilt constant page is answered on the event
 * loop itself: that is the limit the harness compares against.
 */
final class VertxWikiServer implements DemoServer {

  private final PageSource site;
  private final Optional<HttpCache> cache;
  private final boolean renders;
  private final boolean compressing;
  private Vertx vertx;

  /** A server whose {@code site} renders, so it is called on worker threads. */
  VertxWikiServer(PageSource site, Optional<HttpCache> cache) {
    this(site, cache, true);
  }

  /** A server calling {@code site} on workers when it {@code renders}, else on the event loop. */
  VertxWikiServer(PageSource site, Optional<HttpCache> cache, boolean renders) {
    this(site, cache, renders, false);
  }

  private VertxWikiServer(PageSource site, Optional<HttpCache> cache, boolean renders, boolean compressing) {
    this.site = site;
    this.cache = cache;
    this.renders = renders;
    this.compressing = compressing;
  }

  /**
   * Without a cache, answering {@code site} (prebuilt, so on the event loop) with every response compressed on
   * every request by the server itself: {@code HttpServerOptions.setCompressionSupported(true)} with its
   * defaults, which in Vert.x 5.0 are gzip and deflate at level 6 (zstd and br only if added with {@code
   * addCompressor}), for responses of any size.
   */
  static VertxWikiServer compressingOnTheFly(PageSource site) {
    return new VertxWikiServer(site, Optional.empty(), false, true);
  }

  @Override
  public URI start(int port) throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Router router = Router.router(vertx);
    Optional<HttpCacheHandler> surge = cache.map(HttpCacheHandler::create);
    surge.ifPresent(handler -> router.route().handler(handler));
    if (renders) {
      router.get().blockingHandler(this::render, false);
    } else {
      router.get().handler(this::render);
    }
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setCompressionSupported(compressing);
    HttpServer server = vertx.createHttpServer(options)
        .requestHandler(surge.isPresent() ? surge.get().capturing(router) : router);
    HttpServer listening = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + listening.actualPort());
  }

  private void render(RoutingContext context) {
    PageAnswer answer = site.answer(context.request().path(),
        Optional.ofNullable(context.request().getHeader("If-None-Match")));
    if (answer instanceof PageAnswer.Page page) {
      context.response().putHeader("Content-Type", "text/html;charset=utf-8");
      page.headers().forEach(context.response()::putHeader); // the page's own Content-Type, if any, wins
      context.response().end(Buffer.buffer(page.body()));
    } else if (answer instanceof PageAnswer.NotModified notModified) {
      notModified.headers().forEach(context.response()::putHeader);
      context.response().setStatusCode(304).end();
    } else {
      context.response().setStatusCode(404).end();
    }
  }

  @Override
  public Optional<HttpCache> cache() {
    return cache;
  }

  @Override
  public String adapter() {
    return "vertx";
  }

  @Override
  public void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
