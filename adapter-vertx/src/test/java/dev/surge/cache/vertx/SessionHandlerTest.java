package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pages behind vertx-web's {@link SessionHandler}, mounted before or after Surge: a page rendered with a new or
 * regenerated session, or with a session carried in the URL (cookieless mode), is never stored, so no visitor
 * is ever served another's session. Pages outside the session handler's routes are still stored.
 */
class SessionHandlerTest {

  /** Where the session handler is mounted, relative to Surge. */
  enum Place { BEFORE_SURGE, AFTER_SURGE }

  private static final Pattern SESSION_IN_A_LINK = Pattern.compile("/shop/\\(([0-9a-f]+)\\)/");
  private static final Pattern SESSION_COOKIE = Pattern.compile("vertx-web\\.session=([0-9a-f]+)");

  private final VertxServers servers = new VertxServers();
  private final ConcurrentMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();
  private final HttpCache cache = HttpCache.builder().clock(MutableClock.standingStill()).build();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private URI base;

  @AfterEach
  void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }

  /**
   * Serves the shop behind a session handler ({@code cookieless} or not) mounted at {@code place}, and an
   * about page outside it. The cart puts data in the session and links to the checkout with the session's
   * id in the path (as a cookieless application must); the login regenerates the session's id.
   */
  private void serve(Place place, boolean cookieless) throws Exception {
    AtomicReference<HttpServer> started = new AtomicReference<>();
    servers.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        HttpCacheHandler surge = HttpCacheHandler.create(cache);
        SessionHandler sessions = SessionHandler.create(LocalSessionStore.create(vertx)).setCookieless(cookieless);
        if (place == Place.BEFORE_SURGE) {
          router.route("/shop/*").handler(sessions);
        }
        router.route().handler(surge);
        if (place == Place.AFTER_SURGE) {
          router.route("/shop/*").handler(sessions);
        }
        router.get("/shop/*").handler(context -> {
          Session session = context.session();
          if (context.request().path().endsWith("/cart")) {
            session.put("cart", "empty");
            context.response().end("cart " + rendered("cart") + ", check out at /shop/(" + session.id() + ")/checkout");
          } else if (context.request().path().endsWith("/login")) {
            session.regenerateId();
            context.response().putHeader("Cache-Control", "public, max-age=60")
                .end("login " + rendered("login") + ", your account is at /shop/(" + session.id() + ")/account");
          } else {
            context.next();
          }
        });
        router.get("/about").handler(context -> context.response().end("about " + rendered("about")));
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(surge.capturing(router))
            .listen()
            .onSuccess(started::set);
      }
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + started.get().actualPort());
  }

  private int rendered(String page) {
    return renders.computeIfAbsent(page, ignored -> new AtomicInteger()).incrementAndGet();
  }

  private int renders(String page) {
    AtomicInteger count = renders.get(page);
    return count == null ? 0 : count.get();
  }

  private HttpResponse<String> get(String path, Optional<String> cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    cookie.ifPresent(value -> request.header("Cookie", value));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, Optional.empty());
  }

  private static String sessionLinkedFrom(HttpResponse<String> page) {
    Matcher link = SESSION_IN_A_LINK.matcher(page.body());
    assertThat(link.find()).as("a link with the session in " + page.body()).isTrue();
    return link.group(1);
  }

  private static String sessionCookieOf(HttpResponse<String> page) {
    Matcher cookie = SESSION_COOKIE.matcher(page.headers().firstValue("Set-Cookie").orElse(""));
    assertThat(cookie.find()).as("a session cookie in " + page.headers().map()).isTrue();
    return cookie.group(1);
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void pageThatCreatedACookielessSessionIsNeverServedToAnotherVisitor(Place place) throws Exception {
    serve(place, true);
    String first = sessionLinkedFrom(get("/shop/cart"));
    HttpResponse<String> anotherVisitor = get("/shop/cart");

    assertThat(renders("cart")).isEqualTo(2);
    assertThat(anotherVisitor.body()).doesNotContain(first);
    assertThat(cache.stats().stores()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void pageThatRegeneratedACookielessSessionIsNeverStored(Place place) throws Exception {
    serve(place, true);
    String visitor = sessionLinkedFrom(get("/shop/cart"));
    String regenerated = sessionLinkedFrom(get("/shop/(" + visitor + ")/login"));
    HttpResponse<String> againWithTheOldLink = get("/shop/(" + visitor + ")/login");

    assertThat(regenerated).isNotEqualTo(visitor);
    assertThat(renders("login")).isEqualTo(2);
    assertThat(againWithTheOldLink.body()).doesNotContain(regenerated);
    assertThat(cache.stats().stores()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void pageRenderedWithACookielessSessionFromTheUrlIsNeverStored(Place place) throws Exception {
    serve(place, true);
    String visitor = sessionLinkedFrom(get("/shop/cart"));
    get("/shop/(" + visitor + ")/cart");
    get("/shop/(" + visitor + ")/cart");

    assertThat(renders("cart")).isEqualTo(3);
    assertThat(cache.stats().stores()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void pageThatCreatedASessionCookieIsNeverServedToAnotherVisitor(Place place) throws Exception {
    serve(place, false);
    String first = sessionCookieOf(get("/shop/cart"));
    HttpResponse<String> anotherVisitor = get("/shop/cart");

    assertThat(renders("cart")).isEqualTo(2);
    assertThat(sessionCookieOf(anotherVisitor)).isNotEqualTo(first);
    assertThat(cache.stats().stores()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void pageThatRegeneratedASessionCookieIsNeverStored(Place place) throws Exception {
    serve(place, false);
    Optional<String> visitor = Optional.of("vertx-web.session=" + sessionCookieOf(get("/shop/cart")));
    String regenerated = sessionCookieOf(get("/shop/login", visitor));
    HttpResponse<String> again = get("/shop/login", visitor);

    assertThat(visitor.get()).doesNotContain(regenerated);
    assertThat(renders("login")).isEqualTo(2);
    assertThat(again.body()).doesNotContain(regenerated);
    assertThat(cache.stats().stores()).isZero();
  }

  @Test
  void pagesOutsideTheSessionHandlersRoutesAreStillStored() throws Exception {
    serve(Place.BEFORE_SURGE, true);
    get("/about");
    HttpResponse<String> hit = get("/about");

    assertThat(hit.body()).isEqualTo("about 1");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.stats().stores()).isEqualTo(1));
  }
}
