package dev.surge.cache.servlet;

import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PipelineStep.Answer;
import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.StoreRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surge for a Jakarta Servlet 6 application: answers repeat requests from the cache before the rest of the
 * chain runs, and stores what the chain renders when the cache's policy allows.
 *
 * <p>Register it in code with a configured cache ({@code new HttpCacheFilter(cache)}), or in {@code web.xml}
 * by class name with {@code init-param}s ({@code defaultTtl}, {@code maximumBytes}, ...: see {@link
 * FilterSettings}); a bad parameter fails start-up with a message naming it. Map it to {@code REQUEST}
 * dispatches after authentication filters, so that those run before anything is served. The cache is
 * published as the servlet context attribute {@link #CACHE_ATTRIBUTE} for purges and stats.
 *
 * <p>Guarantees: a hit is written with one write of the stored bytes and the application does not run; a
 * miss streams to the client as the application writes it; concurrent misses of one key wait for the first
 * only up to the cache's coalescing timeout; a response that threw, went asynchronous, sent an error or
 * redirect through the container, set a cookie, used trailers or non-blocking output, or lost its client is
 * never stored; nor is one whose render created a session or changed its id (a page with a {@code
 * ;jsessionid=} link or a session header added at commit belongs to one visitor). Only REQUEST dispatches are
 * handled; others pass straight through.
 *
 * <p>Layers in front of the filter that apply forwarding headers (Spring's {@code ForwardedHeaderFilter},
 * Tomcat's {@code RemoteIpValve}) change the host, scheme, port or path the application sees, and may hide the
 * headers they read. The filter still sees those headers, and a request whose host and port differ from its
 * {@code Host} field, or whose scheme, host, port or path a wrapper in front changed, is neither served nor
 * stored unless the forwarding headers it carries are all trusted ({@code trustedForwardingHeaders}), their
 * values then being part of its key.
 */
public final class HttpCacheFilter implements Filter {

  /** The servlet context attribute under which the filter publishes its {@link HttpCache}. */
  public static final String CACHE_ATTRIBUTE = HttpCache.class.getName();

  /**
   * The request attribute through which a component running inside the chain (a framework interceptor that
   * knows the handler) hands the filter the {@link StoreRules} for this response. Set it before the body is
   * written: a body written while the rules declined storing is never copied, so it cannot be stored later.
   */
  public static final String RULES_ATTRIBUTE = StoreRules.class.getName();

  /**
   * The request attribute this filter sets on every request it passes down the chain, so that a component
   * inside can tell whether the filter is installed in front of it at all.
   */
  public static final String SEEN_ATTRIBUTE = HttpCacheFilter.class.getName() + ".seen";

  /** The request attribute holding what to tell the step once the handler's rules are chosen. */
  private static final String HANDLER_CHOSEN_ATTRIBUTE = HttpCacheFilter.class.getName() + ".handlerChosen";

  private static final Logger LOG = LoggerFactory.getLogger(HttpCacheFilter.class);
  /** A last-resort bound on waiting: the step's own bound should always come first. */
  private static final long WAIT_SAFETY_SECONDS = 300;

  private volatile HttpCache cache;
  private final StoreRules unmarked;
  /** False when a framework made the filter for its own set-up, which logs the start-up line itself. */
  private final boolean logsStartUp;

  /** A filter configured from its {@code init-param}s when the container initializes it. */
  public HttpCacheFilter() {
    this.unmarked = StoreRules.defaults();
    this.logsStartUp = true;
  }

  /**
   * A filter serving from {@code cache}; {@code init-param}s are then not read. A response stores under the
   * rules set in {@link #RULES_ATTRIBUTE}, or under the cache's own policy when none were set.
   */
  public HttpCacheFilter(HttpCache cache) {
    this(cache, StoreRules.defaults(), true);
  }

  private HttpCacheFilter(HttpCache cache, StoreRules unmarked, boolean logsStartUp) {
    this.cache = cache;
    this.unmarked = unmarked;
    this.logsStartUp = logsStartUp;
  }

  /**
   * Publishes {@code rules} for the response of {@code request} in {@link #RULES_ATTRIBUTE} at the moment the
   * handler is chosen, telling the filter in front, which counts the request then: as a miss, or as a request
   * whose handler is not cacheable ({@code BypassReason.NOT_CACHEABLE}) when {@code rules} never store. Call
   * it before the body is written. Setting the attribute again later (e.g. to {@link StoreRules#never()} after
   * the handler threw) changes what is stored, not how the request was counted; without this call a request
   * is counted by the rules set when its body is first written, or when it ends.
   */
  @SuppressWarnings("unchecked")
  public static void handlerChosen(ServletRequest request, StoreRules rules) {
    request.setAttribute(RULES_ATTRIBUTE, rules);
    if (request.getAttribute(HANDLER_CHOSEN_ATTRIBUTE) instanceof Consumer<?> filter) {
      ((Consumer<StoreRules>) filter).accept(rules);
    }
  }

  /**
   * A filter serving from {@code cache} that stores only responses for which a component inside the chain
   * set {@link #RULES_ATTRIBUTE}: everything else passes through uncopied. This is how explicit opt-in (an
   * annotation on a handler) is built; hits are still answered here, before the chain. The framework that
   * makes it logs the cache's {@linkplain HttpCache#logStartUp start-up line}; this filter does not.
   */
  public static HttpCacheFilter storingOnlyMarkedResponses(HttpCache cache) {
    return new HttpCacheFilter(cache, StoreRules.never(), false);
  }

  /**
   * Publishes the cache as {@link #CACHE_ATTRIBUTE} and logs its start-up line at INFO (unless the filter was
   * made by {@link #storingOnlyMarkedResponses} for a framework, which logs its own). A filter made without a
   * cache first builds one from its {@code init-param}s.
   *
   * @throws ServletException naming the filter and the parameter when an {@code init-param} is bad
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    String cacheStatusSwitch = "HttpCache.builder().cacheStatusHeader(true)";
    if (cache == null) {
      try {
        cache = FilterSettings.from(config::getInitParameter, config.getInitParameterNames()).build();
      } catch (IllegalArgumentException bad) {
        throw new ServletException("Surge filter '" + config.getFilterName() + "': " + bad.getMessage(), bad);
      }
      cacheStatusSwitch = "init-param cacheStatusHeader=true";
    }
    config.getServletContext().setAttribute(CACHE_ATTRIBUTE, cache);
    if (logsStartUp) {
      cache.logStartUp("the servlet filter", cacheStatusSwitch);
    }
  }

  /** The cache this filter serves from, for purges and stats. */
  public HttpCache cache() {
    if (cache == null) {
      throw new IllegalStateException("the filter has not been initialized yet");
    }
    return cache;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest httpRequest)
        || !(response instanceof HttpServletResponse httpResponse)
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    PipelineStep step = cache().step();
    ServletCacheRequest cacheRequest = new ServletCacheRequest(httpRequest);
    // Storing only marked responses, the filter learns from the handler whether a request is cacheable at all.
    Optional<Outcome> outcome =
        settle(unmarked.storable() ? step.before(cacheRequest) : step.beforeHandlerChosen(cacheRequest));
    if (outcome.isEmpty()) {
      chain.doFilter(request, response);
    } else if (outcome.get() instanceof Answer answer) {
      write(answer.response(), httpResponse);
    } else {
      render(step, ((Proceed) outcome.get()).exchange(), httpRequest, httpResponse, chain);
    }
  }

  private void render(
      PipelineStep step,
      PipelineStep.Exchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    request.setAttribute(SEEN_ATTRIBUTE, Boolean.TRUE);
    if (!exchange.capturesBody() && !exchange.hasStaleCopy()) {
      renderWatched(step, exchange, request, response, chain);
      return;
    }
    List<ResponseHeaders.Field> setBefore = headersOf(response); // by filters before this one: kept on a stale copy
    exchange.extraHeaders().forEach(response::addHeader);
    CapturingResponse capturing = new CapturingResponse(
        response, exchange.captureLimit().bytes(), () -> tellRules(step, exchange, request).storable());
    capturing.sendStaleOnError(exchange::staleIfError);
    boolean revalidates = exchange.conditionalFields().size() > 0;
    HttpServletRequest passedOn = request;
    if (revalidates) {
      capturing.holdNotModified();
      passedOn = new RevalidatingRequest(request, exchange.conditionalFields());
    }
    Optional<String> sessionBefore = exchange.capturesBody() ? sessionId(request) : Optional.empty();
    try {
      runChain(step, exchange, passedOn, exchange.capturesBody() ? capturing : response, chain);
    } catch (IOException | ServletException | RuntimeException failure) {
      step.failed(exchange, failure);
      Optional<CachedResponse> stale = staleFor(exchange, 500, response);
      if (stale.isEmpty() || !replacedByStale(stale.get(), setBefore, response)) {
        throw failure;
      }
      LOG.warn("{} failed; a stale copy was sent instead (stale-if-error)", request.getRequestURI(), failure);
      return;
    } catch (Error failure) {
      step.failed(exchange, failure);
      throw failure;
    }
    if (request.isAsyncStarted()) {
      step.failed(exchange, new IllegalStateException("the response went asynchronous; not stored"));
      return;
    }
    if (revalidates && response.getStatus() == 304 && !response.isCommitted()) {
      Optional<CachedResponse> validated = exchange.notModified(capturing.captured());
      if (validated.isPresent()) {
        writeOverNotModified(validated.get(), response);
        step.completed(exchange, capturing.statusOnly());
        return;
      }
    }
    int status = capturing.heldBackError().orElse(response.getStatus());
    Optional<CachedResponse> stale = capturing.staleInsteadOfError().or(() -> staleFor(exchange, status, response));
    if (stale.isPresent()) {
      step.failed(exchange, new IllegalStateException("answered " + status + "; not stored"));
      if (replacedByStale(stale.get(), setBefore, response)) {
        LOG.debug("{} answered {}; a stale copy was sent instead", request.getRequestURI(), status);
      } else {
        LOG.warn("{} answered {} and committed it after holding back its error; no stale copy could be sent",
            request.getRequestURI(), status);
      }
      return;
    }
    if (!exchange.capturesBody()) {
      step.completed(exchange, capturing.statusOnly());
      return;
    }
    StoreRules rules = capturing.declinedCopy() ? StoreRules.never() : rulesFor(request);
    Optional<String> unfit =
        rules.storable() ? capturing.finish().or(() -> sessionChange(request, sessionBefore)) : Optional.empty();
    if (unfit.isPresent()) {
      LOG.debug("not storing {}: {}", request.getRequestURI(), unfit.get());
      step.failed(exchange, new IllegalStateException(unfit.get()));
    } else {
      step.completed(exchange, rules.storable() ? capturing.captured() : capturing.statusOnly(), rules);
    }
  }

  /**
   * A render the cache only watches: nothing to copy and no stale copy to send instead of an error, so the
   * application writes to the container's own response and only its status is reported.
   */
  private void renderWatched(
      PipelineStep step,
      PipelineStep.Exchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    exchange.extraHeaders().forEach(response::addHeader);
    try {
      runChain(step, exchange, request, response, chain);
    } catch (IOException | ServletException | RuntimeException | Error failure) {
      step.failed(exchange, failure);
      throw failure;
    }
    if (request.isAsyncStarted()) {
      step.failed(exchange, new IllegalStateException("the response went asynchronous"));
    } else {
      step.completed(exchange, statusAndLocations(response));
    }
  }

  /**
   * The status and the {@code Location} and {@code Content-Location} fields of a response the cache only
   * watched: what an unsafe request's success invalidates is read from them.
   */
  private static CapturedResponse statusAndLocations(HttpServletResponse response) {
    CapturedResponse.Builder watched = CapturedResponse.builder().status(response.getStatus());
    for (String name : List.of("Location", "Content-Location")) {
      response.getHeaders(name).forEach(value -> watched.header(name, value));
    }
    return watched.build();
  }

  /**
   * Runs the rest of the chain, during which {@link #handlerChosen} reaches the step, then tells the step the
   * rules set for the response, however the chain ended.
   */
  private void runChain(
      PipelineStep step,
      PipelineStep.Exchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    request.setAttribute(HANDLER_CHOSEN_ATTRIBUTE, (Consumer<StoreRules>) rules -> step.handlerChosen(exchange, rules));
    try {
      chain.doFilter(request, response);
    } finally {
      request.removeAttribute(HANDLER_CHOSEN_ATTRIBUTE);
      tellRules(step, exchange, request);
    }
  }

  /** The rules set for the response now, told to the step (only the first rules told count) and returned. */
  private StoreRules tellRules(PipelineStep step, PipelineStep.Exchange exchange, HttpServletRequest request) {
    StoreRules rules = rulesFor(request);
    step.handlerChosen(exchange, rules);
    return rules;
  }

  /** The id of the request's session, if it has one now; never creates one. */
  private static Optional<String> sessionId(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? Optional.empty() : Optional.of(session.getId());
  }

  /**
   * Why a render whose request had the session {@code before} must not be stored, if it must not: it created
   * a session or changed its id, so its page may carry that session (a {@code ;jsessionid=} link, a cookie
   * or token header a session layer adds only when the response commits).
   */
  private static Optional<String> sessionChange(HttpServletRequest request, Optional<String> before) {
    HttpSession now;
    try {
      now = request.getSession(false);
    } catch (IllegalStateException invalidated) {
      return Optional.empty();
    }
    if (now == null || (before.isPresent() && before.get().equals(now.getId()) && !now.isNew())) {
      return Optional.empty();
    }
    return Optional.of(before.isEmpty() ? "the render created a session" : "the render changed the session id");
  }

  /** The stale copy {@code exchange} offers for an error {@code status}, if nothing was sent yet. */
  private static Optional<CachedResponse> staleFor(
      PipelineStep.Exchange exchange, int status, HttpServletResponse response) {
    return status < 500 || response.isCommitted() ? Optional.empty() : exchange.staleIfError(status);
  }

  /**
   * Sends {@code stale} in place of what the application wrote, with the headers filters before this one set
   * ({@code setBefore}), if nothing was sent yet; whether it did.
   */
  private static boolean replacedByStale(
      CachedResponse stale, List<ResponseHeaders.Field> setBefore, HttpServletResponse response) throws IOException {
    if (response.isCommitted()) {
      return false;
    }
    response.reset();
    setBefore.forEach(field -> response.addHeader(field.name(), field.value()));
    write(stale, response);
    return true;
  }

  private static List<ResponseHeaders.Field> headersOf(HttpServletResponse response) {
    Collection<String> names = response.getHeaderNames();
    if (names.isEmpty()) {
      return List.of();
    }
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (String name : names) {
      response.getHeaders(name).forEach(value -> fields.add(new ResponseHeaders.Field(name, value)));
    }
    return fields;
  }

  private StoreRules rulesFor(HttpServletRequest request) {
    return request.getAttribute(RULES_ATTRIBUTE) instanceof StoreRules rules ? rules : unmarked;
  }

  /** Waits out an {@link Await} (bounded by the step); empty if even the safety bound passes. */
  private static Optional<Outcome> settle(Outcome outcome) {
    Outcome current = outcome;
    while (current instanceof Await await) {
      try {
        current = await.next().toCompletableFuture().get(WAIT_SAFETY_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (ExecutionException | TimeoutException unexpected) {
        LOG.warn("waiting for another render of the same page failed; rendering uncached", unexpected);
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  /**
   * Writes a stored response: status, headers (replacing any set earlier under the same names), and the body
   * in one write.
   */
  static void write(CachedResponse stored, HttpServletResponse response) throws IOException {
    response.setStatus(stored.status());
    stored.headers().replaceIn((name, value) -> replace(response, name, value), response::addHeader);
    if (stored.bodyLength() > 0) {
      stored.writeBodyTo(response.getOutputStream());
    }
  }

  /**
   * Writes the stored response the application's 304 revalidated in place of that 304, which has not been
   * sent. The revalidated response already holds every field of the 304 but its framing and hop-by-hop ones
   * (a relayed {@code Transfer-Encoding} must not frame the stored body), so the 304 is reset; only the
   * cookies it set are kept as set, since the revalidated response names them only to be refused storing.
   */
  private static void writeOverNotModified(CachedResponse validated, HttpServletResponse response) throws IOException {
    List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
    response.reset();
    cookies.forEach(cookie -> response.addHeader("Set-Cookie", cookie));
    ResponseHeaders withoutCookies = validated.headers().without(name -> name.equalsIgnoreCase("Set-Cookie"));
    write(validated.newBuilder().headers(withoutCookies).build(), response);
  }

  /** Sets the field {@code name} to {@code value}, replacing any set earlier. */
  private static void replace(HttpServletResponse response, String name, String value) {
    if (name.equalsIgnoreCase("Content-Length")) {
      response.setContentLengthLong(Long.parseLong(value));
    } else {
      response.setHeader(name, value);
    }
  }
}
