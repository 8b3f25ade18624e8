package dev.surge.cache.vertx;

import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link HttpCacheHandler}; see there for what it guarantees. */
final class HttpCacheHandlerImpl implements HttpCacheHandler {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCacheHandler.class);
  private static final String CACHE_STATUS = "Cache-Status";

  private final HttpCache cache;
  private final PipelineStep step;
  private final AtomicBoolean warnedNotCapturing = new AtomicBoolean();

  HttpCacheHandlerImpl(HttpCache cache) {
    this.cache = cache;
    this.step = cache.step();
    cache.logStartUp("Vert.x", "HttpCache.builder().cacheStatusHeader(true)");
  }

  @Override
  public Handler<HttpServerRequest> capturing(Handler<HttpServerRequest> router) {
    return request -> router.handle(new CapturingRequest((HttpServerRequestInternal) request));
  }

  @Override
  public HttpCache cache() {
    return cache;
  }

  @Override
  public void handle(RoutingContext context) {
    dispatch(context, step.before(new VertxCacheRequest(context.request())));
  }

  private void dispatch(RoutingContext context, Outcome outcome) {
    if (outcome instanceof Answer answer) {
      StoredResponses.write(context.response(), answer.response());
    } else if (outcome instanceof Await await) {
      Context own = Vertx.currentContext();
      HttpServerRequest request = context.request();
      // Its end waits for the handlers it reaches once the wait is over. A request that has ended (its body
      // read by a handler before this one, or its HTTP/2 stream reset) has nothing left to hold back, and
      // Vert.x refuses to pause or resume an ended HTTP/2 request.
      boolean paused = !request.isEnded();
      if (paused) {
        request.pause();
      }
      await.next().whenComplete((next, failure) -> own.runOnContext(ignored -> {
        if (paused && !request.isEnded()) {
          request.resume();
        }
        if (next == null) {
          LOG.warn("waiting for another render of the same page failed; rendering uncached", failure);
          context.next();
        } else {
          dispatch(context, next);
        }
      }));
    } else {
      proceed(context, ((Proceed) outcome).exchange());
    }
  }

  private void proceed(RoutingContext context, PipelineStep.Exchange exchange) {
    HttpServerResponse response = context.response();
    if (exchange.hasStaleCopy() && response instanceof CapturingResponse capturing) {
      capturing.sendStaleOnError(exchange::staleIfError);
      if (exchange.conditionalFields().size() > 0) {
        capturing.revalidate(exchange.conditionalFields(), exchange::notModified);
      }
    }
    boolean captureMissing = exchange.capturesBody() && !(response instanceof CapturingResponse);
    exchange.extraHeaders().forEach((name, value) -> {
      if (!(captureMissing && name.equalsIgnoreCase(CACHE_STATUS))) {
        response.headers().add(name, value);
      }
    });
    Optional<ResponseCapture> capture = Optional.empty();
    if (captureMissing) {
      response.headers().add(CACHE_STATUS, PipelineStep.CAPTURE_MISSING_STATUS);
      if (warnedNotCapturing.compareAndSet(false, true)) {
        LOG.warn("Surge cannot store responses: install HttpCacheHandler.capturing(router) as the server's "
            + "request handler (hits are still served; each response not stored says "
            + PipelineStep.CAPTURE_MISSING_STATUS + ")");
      }
    } else if (exchange.capturesBody()) {
      capture = Optional.of(((CapturingResponse) response).arm(exchange.captureLimit().bytes()));
    }
    Optional<ResponseCapture> watched = capture;
    boolean captured = exchange.capturesBody() && capture.isPresent();
    if (!exchange.capturesBody()) {
      // Reported as its headers go out, so that what a successful unsafe request invalidates is gone before
      // its client can see the success and ask again.
      context.addHeadersEndHandler(ignored -> step.completed(exchange, statusAndLocations(context.response())));
    }
    context.addEndHandler(ended -> report(context, exchange, watched, captured, ended));
    context.next();
  }

  private void report(
      RoutingContext context,
      PipelineStep.Exchange exchange,
      Optional<ResponseCapture> capture,
      boolean captured,
      AsyncResult<Void> ended) {
    // What is stored is what the application produced: a response it ended through the wrapper was captured
    // whole, even if the transport then reports a failure (Vert.x does so for fully written HTTP/2 streams
    // when the client closes a spare connection). A response it never ended is never stored.
    HttpServerResponse response = context.response();
    boolean endedWhole = captured && capture.orElseThrow().endedByApplication();
    if (ended.failed() && !endedWhole) {
      step.failed(exchange, ended.cause());
      return;
    }
    if (!exchange.capturesBody()) {
      step.completed(exchange, statusAndLocations(response)); // unless its headers-end already reported it
      return;
    }
    if (!captured) {
      step.failed(exchange,
          new NotStored("the response was not captured: HttpCacheHandler.capturing(router) is not installed"));
      return;
    }
    Optional<String> unfit = capture.orElseThrow().unfitBecause().or(() -> SessionOrigin.unfitBecause(context));
    if (unfit.isPresent()) {
      step.failed(exchange, new NotStored(unfit.get()));
    } else {
      step.completed(exchange, capture.orElseThrow().toCaptured(response.getStatusCode(), response.headers()));
    }
  }

  /**
   * The status and the {@code Location} and {@code Content-Location} fields of a response the cache only
   * watched: what an unsafe request's success invalidates is read from them.
   */
  private static CapturedResponse statusAndLocations(HttpServerResponse response) {
    CapturedResponse.Builder watched = CapturedResponse.builder().status(response.getStatusCode());
    for (String name : List.of("Location", "Content-Location")) {
      response.headers().getAll(name).forEach(value -> watched.header(name, value));
    }
    return watched.build();
  }

  /**
   * Why a miss was not stored, as the step's failure cause. The step only logs its message, and without the
   * capturing wrapper it is made on every miss, so it is made without the cost of a stack trace.
   */
  private static final class NotStored extends IllegalStateException {

    NotStored(String reason) {
      super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
