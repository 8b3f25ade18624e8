package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.diff.Behaviour;
import dev.surge.cache.diff.Behaviour.Ending;
import dev.surge.cache.diff.Behaviour.Failure;
import dev.surge.cache.diff.Behaviour.Output;
import dev.surge.cache.diff.BehaviourGenerator;
import dev.surge.cache.diff.DiffRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The differential suite's generated application as a Vert.x web router: {@code /diff/{case}} acts out the
 * case's {@link Behaviour} with Vert.x's own API, behind {@link HttpCacheHandler} when given a cache.
 *
 * <ul>
 *   <li>The body is the text encoded with the case's charset, in pieces of the case's write size. A {@code
 *       STREAM} case writes each piece with {@code write} (chunked, unless it declares a {@code
 *       Content-Length}) and then calls {@code end()}; a {@code WRITER} case builds the body and ends with it
 *       ({@code end(Buffer)} for even cases, {@code send(Buffer)} for odd ones). Vert.x has no flush: a
 *       {@code STREAM} write goes out as it is made, and a {@code WRITER} case's flush writes what it has
 *       built so far (chunked) before the rest goes with the end.
 *   <li>Failures go through the router: {@code context.fail(exception)} before anything is written, or after
 *       half the pieces are; the route's failure handler resets a response whose head is out (vertx-web
 *       could no longer send its 500, and would leave the response open), and otherwise leaves the router's
 *       500.
 *   <li>Endings: {@code context.fail(status)} for an error page, {@code context.redirect(...)} for a
 *       redirect (a 3xx status of the case is kept), a 1 ms timer that writes the body for an asynchronous
 *       one, and {@code send(ReadStream)} for a piped one, from a source that breaks off half-way for the
 *       case's first visitor and pipes the whole body afterwards (see {@link #breaksOffNow}); a piped body
 *       with a declared length that breaks off has its connection closed.
 *   <li>Conditional requests are answered with 304 as {@link Behaviour#answersNotModified} says, and for a
 *       page written by a timer or piped as for the same page ending normally: the preconditions are checked
 *       before the body is written (see {@link #asCompletePage}); a 304 carries the fields {@link
 *       Behaviour#notModifiedForm} names.
 *   <li>Cookies by {@code addCookie} or by a {@code Set-Cookie} header; sessions from vertx-web's {@link
 *       SessionHandler} in cookieless mode, so that the session's id travels in the page, in a link {@code
 *       /diff/(id)/next}. The session handler runs only for cases that create sessions: before Surge's
 *       handler for even cases, after it for odd ones.
 *   <li>The request body is read by {@link BodyHandler}, for cases that echo it only.
 *   <li>HEAD is routed with GET and answered without a body, with the {@code Content-Length} the GET would
 *       carry when it declares or is framed by one.
 * </ul>
 */
final class DiffVerticle extends VerticleBase {

  private static final String BEHAVIOUR = "diff.behaviour";

  private final long seed;
  private final HttpCache cache;
  /** The cases whose source already broke off once on this server. */
  private final Set<Integer> brokeOff = ConcurrentHashMap.newKeySet();
  private volatile HttpServer server;

  /** Serves the application of {@code seed}, behind {@code cache} if it is not null. */
  DiffVerticle(long seed, HttpCache cache) {
    this.seed = seed;
    this.cache = cache;
  }

  /** The port the server listens on, once started. */
  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    SessionHandler sessions = SessionHandler.create(LocalSessionStore.create(vertx)).setCookieless(true);
    BodyHandler bodies = BodyHandler.create(false);
    Route page = router.routeWithRegex("/diff/[0-9]+").method(HttpMethod.GET).method(HttpMethod.HEAD);
    page.handler(context -> {
      context.put(BEHAVIOUR, BehaviourGenerator.generate(seed, Integer.parseInt(context.request().path().substring(6))));
      context.next();
    });
    page.handler(context -> handleIf(context, behaviour -> behaviour.createsSession() && behaviour.caseId() % 2 == 0,
        sessions));
    HttpCacheHandler surge = cache == null ? null : HttpCacheHandler.create(cache);
    if (surge != null) {
      page.handler(surge);
    }
    page.handler(context -> handleIf(context, behaviour -> behaviour.createsSession() && behaviour.caseId() % 2 == 1,
        sessions));
    page.handler(context -> handleIf(context, Behaviour::echoesRequestBody, bodies));
    page.handler(this::render);
    page.failureHandler(DiffVerticle::cutShortAResponseAlreadyStarted);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(surge == null ? router : surge.capturing(router))
        .listen()
        .onSuccess(started -> server = started);
  }

  /** Runs {@code handler} for the cases that {@code applies} to, and passes the others on. */
  private static void handleIf(RoutingContext context, Predicate<Behaviour> applies, Handler<RoutingContext> handler) {
    if (applies.test(context.get(BEHAVIOUR))) {
      handler.handle(context);
    } else {
      context.next();
    }
  }

  private void render(RoutingContext context) {
    Behaviour behaviour = context.get(BEHAVIOUR);
    HttpServerResponse response = context.response();
    DiffRequest view = new DiffRequest(name -> context.request().getHeader(name), requestBody(context, behaviour));
    if (behaviour.failure() == Failure.BEFORE_WRITING) {
      context.fail(new IllegalStateException("generated failure before writing"));
      return;
    }
    boolean notModified = asCompletePage(behaviour).answersNotModified(view);
    if (!notModified || behaviour.notModifiedForm().carriesMetadata()) {
      response.putHeader("Content-Type", behaviour.contentType());
      behaviour.cacheControl().ifPresent(value -> response.putHeader("Cache-Control", value));
      if (behaviour.varyOnLanguage()) {
        response.putHeader("Vary", "Accept-Language");
      }
    }
    if (!notModified || behaviour.notModifiedCarriesValidators(view)) {
      behaviour.etag(view).ifPresent(tag -> response.putHeader("ETag", tag));
      behaviour.lastModified(view).ifPresent(date -> response.putHeader("Last-Modified", date));
    }
    behaviour.revisionField(view).ifPresent(value -> response.putHeader(Behaviour.REVISION_FIELD, value));
    switch (behaviour.cookie()) {
      case API -> response.addCookie(Cookie.cookie("pref", "case-" + behaviour.caseId()));
      case HEADER -> response.headers().add("Set-Cookie", "pref=case-" + behaviour.caseId() + "; Path=/");
      case NONE -> { }
    }
    if (notModified) {
      response.setStatusCode(304).end();
      return;
    }
    response.setStatusCode(behaviour.status());
    switch (behaviour.ending()) {
      case SEND_ERROR -> {
        context.fail(behaviour.status() >= 400 ? behaviour.status() : 500);
        return;
      }
      case SEND_REDIRECT -> {
        context.redirect("/diff/elsewhere");
        return;
      }
      default -> { }
    }
    String text = behaviour.bodyText(view);
    if (behaviour.createsSession()) {
      Session session = context.session();
      session.put("case", behaviour.caseId());
      text = text + " link=/diff/(" + session.id() + ")/next";
    }
    byte[] body = text.getBytes(behaviour.charset());
    if (behaviour.ending() == Ending.ASYNC) {
      vertx.setTimer(1, fired -> write(context, behaviour, body));
    } else {
      write(context, behaviour, body);
    }
  }

  /**
   * The case as a page that ends normally, when its body is written later (a timer) or piped: a Vert.x page
   * checks its preconditions before it decides how its body goes out, so such a page answers a conditional
   * request as the page that ends normally does. (Surge stores such pages, and answers a conditional request
   * from them with a 304 as RFC 9111 §4.3.2 lets it.) A piped page fails only through its source, which
   * breaks off for the first visitor alone, so it answers as a page that does not fail.
   */
  private static Behaviour asCompletePage(Behaviour behaviour) {
    if (behaviour.ending() != Ending.ASYNC && behaviour.ending() != Ending.FAILING_PIPE) {
      return behaviour;
    }
    return new Behaviour(behaviour.caseId(), behaviour.status(), behaviour.output(), behaviour.charset(),
        behaviour.text(), behaviour.bodyChars(), behaviour.writeSize(), behaviour.flushAfterWrites(),
        behaviour.declaredLength(), behaviour.cacheControl(), behaviour.varyOnLanguage(), behaviour.cookie(),
        behaviour.createsSession(), behaviour.ending() == Ending.FAILING_PIPE ? Failure.NONE : behaviour.failure(),
        Ending.NORMAL, behaviour.echoesRequestBody(), behaviour.echoesUser(), behaviour.etag(), behaviour.lastModified(),
        behaviour.revision(), behaviour.notModifiedForm());
  }

  private static String requestBody(RoutingContext context, Behaviour behaviour) {
    RequestBody body = context.body();
    return behaviour.echoesRequestBody() && body != null && body.available() && body.buffer() != null
        ? body.asString(StandardCharsets.UTF_8.name())
        : "";
  }

  private void write(RoutingContext context, Behaviour behaviour, byte[] body) {
    HttpServerResponse response = context.response();
    Optional<Long> declared = behaviour.declaredLengthFor(body);
    declared.ifPresent(length -> response.putHeader("Content-Length", Long.toString(length)));
    if (context.request().method() == HttpMethod.HEAD) {
      if (declared.isEmpty() && framedByLength(behaviour, behaviour.byteWrites(body).size())) {
        response.putHeader("Content-Length", Integer.toString(body.length));
      }
      response.end();
      return;
    }
    List<int[]> writes = behaviour.byteWrites(body);
    if (behaviour.ending() == Ending.FAILING_PIPE) {
      boolean breaksOff = breaksOffNow(context, behaviour);
      List<Buffer> piped = new ArrayList<>();
      for (int[] piece : behaviour.byteWrites(breaksOff ? Arrays.copyOf(body, body.length / 2) : body)) {
        piped.add(Buffer.buffer().appendBytes(body, piece[0], piece[1]));
      }
      Future<Void> sent = response.send(FailingSource.ofBuffers(context.vertx().getOrCreateContext(), piped, breaksOff));
      if (declared.isPresent()) {
        // The pipe ends the response on a short body: without closing, the client would wait for the rest.
        sent.onFailure(brokenOff -> context.request().connection().close());
      }
      return;
    }
    int failAfter = behaviour.failure() == Failure.AFTER_PARTIAL_WRITE ? (writes.size() + 1) / 2 : -1;
    if (behaviour.output() == Output.STREAM) {
      if (declared.isEmpty()) {
        response.setChunked(true);
      }
      for (int i = 0; i < writes.size(); i++) {
        response.write(Buffer.buffer().appendBytes(body, writes.get(i)[0], writes.get(i)[1]));
        if (i + 1 == failAfter) {
          context.fail(new IllegalStateException("generated failure after a partial write"));
          return;
        }
      }
      response.end();
      return;
    }
    Buffer built = Buffer.buffer(body.length);
    for (int i = 0; i < writes.size(); i++) {
      built.appendBytes(body, writes.get(i)[0], writes.get(i)[1]);
      boolean flush = behaviour.flushAfterWrites().contains(i + 1);
      if (flush || i + 1 == failAfter) {
        if (declared.isEmpty() && !response.isChunked()) {
          response.setChunked(true);
        }
        response.write(built);
        built = Buffer.buffer(body.length);
      }
      if (i + 1 == failAfter) {
        context.fail(new IllegalStateException("generated failure after a partial write"));
        return;
      }
    }
    if (behaviour.caseId() % 2 == 0) {
      response.end(built);
    } else {
      response.send(built);
    }
  }

  /**
   * Whether the source of a {@code FAILING_PIPE} case breaks off on this render: until it has broken off for
   * a visitor (a request with a {@code User-Agent}) on this server, as an upstream that drops its connection
   * and then recovers; later renders pipe the whole body. The suite's client that goes away after the first
   * bytes (on the Surge side only, without a {@code User-Agent}) gets a cut body too but does not use the
   * failure up, so on both servers the case's first visitor gets the cut body and the later ones the whole.
   */
  private boolean breaksOffNow(RoutingContext context, Behaviour behaviour) {
    if (brokeOff.contains(behaviour.caseId())) {
      return false;
    }
    if (context.request().getHeader("User-Agent") != null) {
      brokeOff.add(behaviour.caseId());
    }
    return true;
  }

  /** Whether a GET of the case would be framed by a {@code Content-Length} that Vert.x sets itself. */
  private static boolean framedByLength(Behaviour behaviour, int writes) {
    return behaviour.output() == Output.WRITER && behaviour.ending() != Ending.FAILING_PIPE
        && behaviour.failure() == Failure.NONE && behaviour.flushAfterWrites().stream().allMatch(after -> after > writes);
  }

  /**
   * Resets a response whose render failed after its head was sent, as a Vert.x application must: vertx-web
   * can no longer send its 500 then, and would leave the response open for good. Other failures get the
   * router's usual error page.
   */
  private static void cutShortAResponseAlreadyStarted(RoutingContext context) {
    if (context.response().headWritten()) {
      context.response().reset();
    } else {
      context.next();
    }
  }
}
