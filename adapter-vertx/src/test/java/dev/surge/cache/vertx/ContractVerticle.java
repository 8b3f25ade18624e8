package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.ContractApplication;
import dev.surge.cache.contract.ContractRequest;
import dev.surge.cache.contract.ContractResponse;
import dev.surge.cache.contract.RenderFailure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One verticle instance serving the contract application behind {@link HttpCacheHandler}. The application
 * renders on a worker (it may block, as {@code /slow} does), never on the event loop. With server compression,
 * the HTTP server compresses responses itself ({@code HttpServerOptions.setCompressionSupported}).
 */
final class ContractVerticle extends VerticleBase {

  private final Supplier<HttpCache> caches;
  private final ContractApplication app;
  private final int port;
  private final boolean serverCompression;

  ContractVerticle(Supplier<HttpCache> caches, ContractApplication app, int port, boolean serverCompression) {
    this.caches = caches;
    this.app = app;
    this.port = port;
    this.serverCompression = serverCompression;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpCacheHandler surge = HttpCacheHandler.create(caches.get());
    router.route().handler(surge);
    router.route().blockingHandler(this::render, false);
    router.route().failureHandler(ContractVerticle::cutShortAResponseAlreadyStarted);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
            .setCompressionSupported(serverCompression))
        .requestHandler(surge.capturing(router))
        .listen();
  }

  private void render(RoutingContext context) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : context.request().headers().names()) {
      headers.put(name, context.request().headers().getAll(name));
    }
    ContractResponse rendered;
    try {
      rendered = app.handle(new ContractRequest(context.request().method().name(), context.request().path(), headers,
          Optional.of(context.request().absoluteURI())));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      context.fail(interrupted);
      return;
    }
    context.response().setStatusCode(rendered.status());
    rendered.headers().forEach(field -> context.response().headers().add(field.name(), field.value()));
    if (rendered.failsAfterBody()) {
      context.response().setChunked(true).write(Buffer.buffer(rendered.body()));
      throw new RenderFailure("the render broke off after writing part of the body");
    }
    if (context.request().method() == HttpMethod.HEAD) {
      // Vert.x drops the body of a HEAD over HTTP/1.1 but sends it over HTTP/2, so the page leaves it out.
      context.response().putHeader("Content-Length", Integer.toString(rendered.body().length)).end();
      return;
    }
    context.response().end(Buffer.buffer(rendered.body()));
  }

  /**
   * Resets a response whose render failed after its head was sent, as a Vert.x application must: vertx-web
   * can no longer send its 500 then, and would leave the response open for good. Other failures get the
   * router's usual 500.
   */
  private static void cutShortAResponseAlreadyStarted(RoutingContext context) {
    if (context.response().headWritten()) {
      context.response().reset();
    } else {
      context.next();
    }
  }
}
