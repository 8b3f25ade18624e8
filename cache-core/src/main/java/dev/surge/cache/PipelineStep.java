package dev.surge.cache;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A step of the request pipeline, free of any framework: asked before the application runs, and told when
 * the response is complete. Surge's request-stealing step ({@link HttpCache#step()}) is one.
 *
 * <p>An adapter needs only this loop:
 *
 * <ol>
 *   <li>build a {@link CacheRequest} view and call {@link #before};
 *   <li>on {@link Answer}, write {@link Answer#response()} (status, headers, body) and stop: the application
 *       does not run;
 *   <li>on {@link Proceed}, add {@link Exchange#extraHeaders()} to the response, put {@link
 *       Exchange#conditionalFields()} (if any) on the request in place of its own, run the application, and if
 *       {@link Exchange#capturesBody()} copy the body aside while it streams to the client (at most
 *       {@link Exchange#captureLimit()} bytes, then mark the capture overflowed and stop copying); finally
 *       call exactly one of {@link #completed} or {@link #failed}. If the application's response turns out
 *       to be an error (or the application throws) before anything of it was sent, ask {@link
 *       Exchange#staleIfError(int)}: when it gives a response, send that instead of the error. Likewise, a
 *       {@code 304} to the conditional fields goes to {@link Exchange#notModified} before it is sent;
 *   <li>on {@link Await}, wait for {@link Await#next()} (blocking adapters with a bound, non-blocking ones
 *       by composing) and handle the outcome it gives the same way.
 * </ol>
 *
 * <p>Implementations are thread-safe.
 */
public interface PipelineStep {

  /**
   * The {@code Cache-Status} field an adapter sends, in place of the one in {@link Exchange#extraHeaders()}
   * and whether or not that field is enabled, on a response the step wants copied ({@link
   * Exchange#capturesBody()}) that the adapter cannot copy because its capturing part was not set up. Such a
   * set-up stores nothing; the response is the one place that says so without a logging provider.
   */
  String CAPTURE_MISSING_STATUS = "Surge; fwd=uri-miss; detail=capture-missing";

  /** Decides what to do with a request before the application sees it. Never throws for any request. */
  Outcome before(CacheRequest request);

  /**
   * As {@link #before}, for an adapter that asks before the application chooses the handler and learns only
   * then whether the request may use the cache at all (Spring MVC: the filter asks, the interceptor learns the
   * handler's {@code @CacheResponse}). A render it gives is not counted as a miss yet: it is counted once the
   * adapter calls {@link #handlerChosen}, or when it reports the render, as a miss when the rules let it be
   * stored and as a {@link BypassReason#NOT_CACHEABLE} bypass (neither a miss nor a rejection) when they do
   * not. A failed render that was never told its rules counts as a miss.
   */
  default Outcome beforeHandlerChosen(CacheRequest request) {
    return before(request);
  }

  /**
   * Tells the step the {@code rules} of the handler chosen for {@code exchange}'s request, as soon as they are
   * known (before the body is written): how a render begun by {@link #beforeHandlerChosen} is counted. Only
   * the first call for an exchange counts; for any other exchange it does nothing.
   */
  default void handlerChosen(Exchange exchange, StoreRules rules) {}

  /**
   * Reports that the application finished {@code exchange}'s response without error and the whole body
   * reached the client. For an exchange that does not capture, the capture holds status and headers only.
   */
  default void completed(Exchange exchange, CapturedResponse response) {
    completed(exchange, response, StoreRules.defaults());
  }

  /**
   * As {@link #completed(Exchange, CapturedResponse)}, storing under {@code rules} that a layer knowing the
   * handler (an annotation, a route table) chose for this response.
   */
  void completed(Exchange exchange, CapturedResponse response, StoreRules rules);

  /** Reports that rendering threw, the client went away, or the response was otherwise cut short. */
  void failed(Exchange exchange, Throwable cause);

  /** What {@link #before} decided: a sealed family, matched with {@code instanceof}. */
  sealed interface Outcome {}

  /** Write {@code response} as it is; the application does not run. */
  record Answer(CachedResponse response) implements Outcome {}

  /** Run the application as {@code exchange} says, then report completion or failure. */
  record Proceed(Exchange exchange) implements Outcome {}

  /**
   * Another request is rendering the same key: {@code next} gives this request's outcome once that render
   * ends or the configured wait runs out. It never completes exceptionally, and it may complete on any thread.
   */
  record Await(CompletionStage<Outcome> next) implements Outcome {}

  /** One request's passage through the application, as the step wants it handled. */
  interface Exchange {

    /** The request this exchange belongs to. */
    CacheRequest request();

    /** Whether the adapter must copy the body aside for the cache. */
    boolean capturesBody();

    /** The most body bytes to copy; past it the capture is marked overflowed and copying stops. */
    ByteSize captureLimit();

    /** Header fields to add to the response before the application writes (e.g. {@code Cache-Status}). */
    ResponseHeaders extraHeaders();

    /**
     * A stale copy of the page to send instead of the application's response, when that response has
     * {@code status} 500, 502, 503 or 504 (pass 500 when the application threw) and nothing of it has reached
     * the client: present only while a stored copy is inside its {@code stale-if-error} window, derived for
     * this request at the moment of asking (its {@code Age} is current). The exchange is still reported as
     * usual, with the application's status; an error is never stored.
     */
    default Optional<CachedResponse> staleIfError(int status) {
      return Optional.empty();
    }

    /**
     * The request fields to pass to the application in place of the client's own {@code If-None-Match} and
     * {@code If-Modified-Since}, when this exchange revalidates a stored response (RFC 9111 §4.3.1): the
     * stored response's validators, or the client's own fields when they name it; empty otherwise. The
     * application then sees only these conditional fields, and its {@code 304} must not reach the client as it
     * is: ask {@link #notModified} what to send instead.
     */
    default ResponseHeaders conditionalFields() {
      return ResponseHeaders.empty();
    }

    /**
     * What to send instead of the application's {@code 304} answer (its status and header fields) to {@link
     * #conditionalFields()}: the stored response it revalidated, freshened by its fields and as this request's
     * client asked for it (full, HEAD, or a 304 to the client's own conditional fields), with its {@code Age}.
     * Empty when this exchange does not revalidate or the 304 does not validate the stored response (another
     * {@code ETag}): then send the application's 304 as it is. Ask once, before anything of the 304 reached the
     * client; report the exchange with {@link PipelineStep#completed} as usual afterwards.
     */
    default Optional<CachedResponse> notModified(CapturedResponse answer) {
      return Optional.empty();
    }

    /**
     * Whether {@link #staleIfError} may offer a copy at all: false when no stored copy of the page was found,
     * so that the adapter need not prepare to send one (hold back errors, note the headers set before it).
     */
    default boolean hasStaleCopy() {
      return false;
    }
  }
}
