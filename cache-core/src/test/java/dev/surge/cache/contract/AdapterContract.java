package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every Surge adapter must show, run against a real server that the adapter's test starts on a
 * loopback port and talked to with a real HTTP client (the JDK's, HTTP/1.1 unless {@link #httpVersion()} says
 * otherwise).
 *
 * <p>An adapter's test extends this class and implements {@link #start} (serve {@link ContractApplication}
 * behind the given cache, return the base URI) and {@link #stop}. Each test builds its own cache on a
 * {@link MutableClock}, so freshness is tested by moving the clock, never by sleeping.
 */
public abstract class AdapterContract
    implements ContractSuite, AttackSuite, StaleSuite, RevalidationSuite, BadInputSuite, LeakGuardSuite, FaultSuite,
        StressSuite, CompressionSuite {

  /** The clock every cache in this suite reads. */
  protected final MutableClock clock = MutableClock.standingStill();
  /** The application being served. */
  protected final ContractApplication app = new ContractApplication();
  private HttpClient client;

  private HttpCache cache;
  private URI base;
  private boolean started;

  /**
   * Starts a real server on a loopback address and a free port that serves {@code app} behind {@code cache}.
   *
   * @return the base URI, e.g. {@code http://127.0.0.1:41234}
   */
  protected abstract URI start(HttpCache cache, ContractApplication app) throws Exception;

  /** Stops the server {@link #start} started. */
  protected abstract void stop() throws Exception;

  /** The HTTP version the client asks for; HTTP/1.1 unless an adapter's test runs the contract over HTTP/2. */
  protected HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_1_1;
  }

  /** The client, speaking {@link #httpVersion()}, never following redirects. */
  @Override
  public HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().version(httpVersion()).connectTimeout(Duration.ofSeconds(10)).build();
    }
    return client;
  }

  @Override
  public ContractApplication app() {
    return app;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public HttpCache cache() {
    return cache;
  }

  @Override
  public URI base() {
    return base;
  }

  @AfterEach
  void stopServer() throws Exception {
    app.releaseSlowRenders();
    app.stale().release(StaleRoutes.Mode.NORMAL);
    if (started) {
      stop();
    }
  }

  /**
   * Builds the cache a test serves from the builder its options configured. An adapter's test keeps the
   * default; a store's test overrides it to put its store behind the same options (see {@code StoreOptions}).
   */
  protected HttpCache build(HttpCache.Builder configured) {
    return configured.build();
  }

  @Override
  public HttpCache serve(UnaryOperator<HttpCache.Builder> options) throws Exception {
    cache = build(options.apply(HttpCache.builder().clock(clock)));
    base = start(cache, app);
    started = true;
    if (httpVersion() == HttpClient.Version.HTTP_2) {
      // Upgrade the connection to h2c with a request the cache leaves alone: the JDK client's upgrade of a
      // first request whose response is large fails now and then ("zero streamId for DataFrame").
      send("OPTIONS", "/");
    }
    return cache;
  }

  @Override
  public HttpCache serve() throws Exception {
    return serve(UnaryOperator.identity());
  }

  @Override
  public HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    request.method(method, HttpRequest.BodyPublishers.noBody());
    return client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  /**
   * Asserts {@code assertion} within a bound: an adapter reports a finished response to the cache after the
   * client may already hold it, so counters of what happened after a render are checked this way.
   */
  protected static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
  }

  /**
   * Waits until {@code count} responses are stored. A purge also discards renders still being reported
   * (possibly of other pages), so purge tests first let the pages they keep be stored.
   */
  @Override
  public void awaitStores(long count) {
    eventually(() -> assertThat(cache.stats().stores()).isEqualTo(count));
  }

  /** The body as UTF-8 text. */
  protected static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void repeatedGetIsServedFromTheCacheWithoutRunningTheApplication() throws Exception {
    serve();
    HttpResponse<byte[]> first = get("/pages/a");
    HttpResponse<byte[]> second = get("/pages/a");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(text(first)).isEqualTo("page /pages/a render 1");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
    assertThat(second.headers().firstValue("Age")).hasValue("0");
    assertThat(app.renders("/pages/a")).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void differentQueriesAreDifferentEntries() throws Exception {
    serve();
    get("/pages/q?x=1");
    HttpResponse<byte[]> other = get("/pages/q?x=2");

    assertThat(text(other)).isEqualTo("page /pages/q render 2");
  }

  @Test
  void binaryBodiesAreServedByteForByte() throws Exception {
    serve();
    get("/binary");
    HttpResponse<byte[]> hit = get("/binary");

    assertThat(hit.body()).isEqualTo(ContractApplication.everyByteValue());
    assertThat(app.renders("/binary")).isEqualTo(1);
  }

  @Test
  void conditionalGetWithAMatchingEtagGetsA304WithoutBody() throws Exception {
    serve();
    get("/validated");
    HttpResponse<byte[]> conditional = get("/validated", "If-None-Match", "W/\"other\", " + ContractApplication.ETAG);

    assertThat(conditional.statusCode()).isEqualTo(304);
    assertThat(conditional.body()).isEmpty();
    assertThat(conditional.headers().firstValue("ETag")).hasValue(ContractApplication.ETAG);
    assertThat(conditional.headers().firstValue("Content-Length").orElse("0")).isEqualTo("0");
    assertThat(app.renders("/validated")).isEqualTo(1);
    HttpResponse<byte[]> full = get("/validated");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(text(full)).isEqualTo("page /validated render 1");
  }

  @Test
  void conditionalGetWithAnotherEtagGetsTheFullResponse() throws Exception {
    serve();
    get("/validated");
    HttpResponse<byte[]> conditional = get("/validated", "If-None-Match", "\"v0\"");

    assertThat(conditional.statusCode()).isEqualTo(200);
    assertThat(text(conditional)).isEqualTo("page /validated render 1");
  }

  @Test
  void ifModifiedSinceAtTheLastModifiedTimeGetsA304() throws Exception {
    serve();
    get("/validated");
    HttpResponse<byte[]> conditional = get("/validated", "If-Modified-Since", ContractApplication.LAST_MODIFIED);

    assertThat(conditional.statusCode()).isEqualTo(304);
    assertThat(conditional.body()).isEmpty();
  }

  @Test
  void generatedEtagLetsAPlainPageAnswerConditionalRequests() throws Exception {
    serve();
    get("/pages/etag");
    // The ETag is computed from the finished body, so it first appears on the responses the cache serves.
    String etag = get("/pages/etag").headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> conditional = get("/pages/etag", "If-None-Match", etag);

    assertThat(conditional.statusCode()).isEqualTo(304);
    assertThat(conditional.body()).isEmpty();
  }

  @Test
  void headIsAnsweredFromTheGetEntryWithHeadersAndNoBody() throws Exception {
    serve();
    get("/pages/head");
    HttpResponse<byte[]> full = get("/pages/head");
    HttpResponse<byte[]> head = send("HEAD", "/pages/head");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(full.body().length));
    assertThat(head.headers().firstValue("ETag")).isEqualTo(full.headers().firstValue("ETag"));
    assertThat(app.renders("/pages/head")).isEqualTo(1);
  }

  @Test
  void headBeforeAnyGetDoesNotPoisonTheGetEntry() throws Exception {
    serve();
    send("HEAD", "/pages/head-first");
    HttpResponse<byte[]> full = get("/pages/head-first");
    HttpResponse<byte[]> again = get("/pages/head-first");

    assertThat(text(full)).isEqualTo("page /pages/head-first render 2");
    assertThat(again.body()).isEqualTo(full.body());
  }

  @Test
  void varyKeepsTheVariantsOfOneUrlApart() throws Exception {
    serve();
    HttpResponse<byte[]> english = get("/vary", "Accept-Language", "en");
    HttpResponse<byte[]> french = get("/vary", "Accept-Language", "fr");
    HttpResponse<byte[]> englishAgain = get("/vary", "Accept-Language", "en");
    HttpResponse<byte[]> frenchAgain = get("/vary", "Accept-Language", "fr");

    assertThat(text(english)).isEqualTo("page /vary render 1 lang en");
    assertThat(text(french)).isEqualTo("page /vary render 2 lang fr");
    assertThat(englishAgain.body()).isEqualTo(english.body());
    assertThat(frenchAgain.body()).isEqualTo(french.body());
    assertThat(app.renders("/vary")).isEqualTo(2);
  }

  @Test
  void entryIsNeverServedToARequestDifferingInAFieldItsOwnVaryNames() throws Exception {
    serve();
    HttpResponse<byte[]> anyTier = get("/vary-narrowing", "Accept-Language", "en");
    awaitStores(1);
    // The resource's next response varies on fewer fields; lookups now build their keys from those.
    HttpResponse<byte[]> german = get("/vary-narrowing", "Accept-Language", "de");
    awaitStores(2);
    HttpResponse<byte[]> englishAgain = get("/vary-narrowing", "Accept-Language", "en");
    HttpResponse<byte[]> premium = get("/vary-narrowing", "Accept-Language", "en", "X-Tier", "premium");

    assertThat(text(anyTier)).isEqualTo("page /vary-narrowing render 1 lang en tier none");
    assertThat(text(german)).isEqualTo("page /vary-narrowing render 2 lang de tier none");
    assertThat(englishAgain.body()).isEqualTo(anyTier.body());
    // RFC 9111 §4.1: the first entry's Vary names X-Tier, which the request that stored it did not send.
    assertThat(text(premium)).isEqualTo("page /vary-narrowing render 3 lang en tier premium");
  }

  @Test
  void responseSettingACookieIsNeverStored() throws Exception {
    serve();
    get("/cookie");
    HttpResponse<byte[]> second = get("/cookie");

    assertThat(text(second)).isEqualTo("page /cookie render 2");
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.SET_COOKIE)).isPositive());
    assertThat(cache.stats().stores()).isZero();
  }

  @Test
  void privateAndNoStoreResponsesAreNeverStored() throws Exception {
    serve();
    get("/private");
    get("/no-store");

    assertThat(text(get("/private"))).isEqualTo("page /private render 2");
    assertThat(text(get("/no-store"))).isEqualTo("page /no-store render 2");
  }

  @Test
  void requestWithAuthorizationNeitherReadsNorWritesAPlainEntry() throws Exception {
    serve();
    get("/pages/auth");
    HttpResponse<byte[]> authorized = get("/pages/auth", "Authorization", "Bearer alice-token");
    HttpResponse<byte[]> anonymous = get("/pages/auth");

    assertThat(text(authorized)).isEqualTo("page /pages/auth render 2");
    assertThat(text(anonymous)).isEqualTo("page /pages/auth render 1");
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.AUTHORIZATION)).isEqualTo(1));
  }

  @Test
  void requestWithAuthorizationMayShareAResponseMarkedPublic() throws Exception {
    HttpCache cache = serve();
    get("/public", "Authorization", "Bearer alice-token");
    // A request with credentials never leads a coalesced render, so wait for its response to be stored.
    eventually(() -> assertThat(cache.stats().stores()).isEqualTo(1));
    HttpResponse<byte[]> second = get("/public", "Authorization", "Bearer bob-token");

    assertThat(text(second)).isEqualTo("page /public render 1");
  }

  @Test
  void untrustedForwardingHeadersKeepARequestOutOfTheCache() throws Exception {
    serve();
    get("/pages/forwarded");
    HttpResponse<byte[]> forwarded = get("/pages/forwarded", "X-Forwarded-Host", "evil.example");
    HttpResponse<byte[]> plain = get("/pages/forwarded");

    assertThat(text(forwarded)).isEqualTo("page /pages/forwarded render 2");
    assertThat(text(plain)).isEqualTo("page /pages/forwarded render 1");
    assertThat(cache.stats().bypasses(BypassReason.UNTRUSTED_FORWARDING)).isEqualTo(1);
  }

  @Test
  void errorResponsesAreNotStored() throws Exception {
    serve();
    get("/error");
    HttpResponse<byte[]> second = get("/error");

    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(app.renders("/error")).isEqualTo(2);
  }

  @Test
  void bodyOverTheEntryLimitStreamsThroughIntactAndIsNotStored() throws Exception {
    serve(options -> options.maximumEntryBytes(ByteSize.ofKilobytes(64)).maximumBytes(ByteSize.ofMegabytes(1)));
    HttpResponse<byte[]> first = get("/large");
    HttpResponse<byte[]> second = get("/large");

    byte[] rendered = ContractApplication.largeBody();
    assertThat(first.body()).hasSize(rendered.length).isEqualTo(rendered);
    assertThat(second.body()).hasSize(rendered.length).isEqualTo(rendered);
    assertThat(app.renders("/large")).isEqualTo(2);
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.TOO_LARGE)).isEqualTo(2));
  }

  @Test
  void concurrentMissesOfOneKeyRenderOnce() throws Exception {
    serve();
    int clients = 6;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
      responses.add(pool.submit(() -> get("/slow")));
      assertThat(app.awaitSlowRender(30)).isTrue();
      for (int i = 1; i < clients; i++) {
        responses.add(pool.submit(() -> get("/slow")));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().coalescedWaits() == clients - 1);
      app.releaseSlowRenders();

      for (Future<HttpResponse<byte[]>> response : responses) {
        assertThat(text(response.get())).isEqualTo("page /slow render 1");
      }
      assertThat(app.renders("/slow")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitersRenderThemselvesWhenTheLeaderTakesLongerThanTheBound() throws Exception {
    serve(options -> options.coalescingTimeout(Duration.ofMillis(200)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<HttpResponse<byte[]>> leader = pool.submit(() -> get("/slow"));
      assertThat(app.awaitSlowRender(30)).isTrue();
      Future<HttpResponse<byte[]>> waiter = pool.submit(() -> get("/slow"));
      // Both renders are now held by the application: the second did not wait for the first past the bound.
      await().atMost(Duration.ofSeconds(30)).until(() -> app.renders("/slow") == 2);
      app.releaseSlowRenders();

      assertThat(waiter.get().statusCode()).isEqualTo(200);
      assertThat(leader.get().statusCode()).isEqualTo(200);
      assertThat(app.renders("/slow")).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void entryExpiresWhenTheClockPassesItsFreshnessLifetime() throws Exception {
    serve();
    get("/fresh-for-10s");
    clock.advance(Duration.ofSeconds(9));
    HttpResponse<byte[]> stillFresh = get("/fresh-for-10s");
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<byte[]> expired = get("/fresh-for-10s");

    assertThat(text(stillFresh)).isEqualTo("page /fresh-for-10s render 1");
    assertThat(stillFresh.headers().firstValue("Age")).hasValue("9");
    assertThat(text(expired)).isEqualTo("page /fresh-for-10s render 2");
  }

  @Test
  void recyclingAfterTheConfiguredRequestsDropsEveryEntry() throws Exception {
    serve(options -> options.recycleAfterRequests(3));
    get("/pages/r1");
    awaitStores(1); // a request that had to wait for the first render would look up twice
    get("/pages/r1");
    HttpResponse<byte[]> afterRecycle = get("/pages/r1");

    assertThat(text(afterRecycle)).isEqualTo("page /pages/r1 render 2");
    assertThat(cache.stats().recycles()).isEqualTo(1);
  }

  @Test
  void recyclingAfterTheConfiguredAgeDropsEveryEntry() throws Exception {
    serve(options -> options.recycleAfter(Duration.ofMinutes(1)).defaultTtl(Duration.ofMinutes(5)).maximumTtl(Duration.ofMinutes(5)));
    get("/pages/r2");
    awaitStores(1); // a render still being reported when the age passes is stored in the next generation
    clock.advance(Duration.ofMinutes(1));
    HttpResponse<byte[]> afterRecycle = get("/pages/r2");

    assertThat(text(afterRecycle)).isEqualTo("page /pages/r2 render 2");
  }

  @Test
  void purgeByUrlRemovesThatPageOnly() throws Exception {
    HttpCache cache = serve();
    get("/pages/p1");
    get("/pages/p2");
    awaitStores(2);
    cache.invalidate(base.resolve("/pages/p1"));

    assertThat(text(get("/pages/p1"))).isEqualTo("page /pages/p1 render 2");
    assertThat(text(get("/pages/p2"))).isEqualTo("page /pages/p2 render 1");
  }

  @Test
  void purgeByPathPrefixRemovesEverythingBelowIt() throws Exception {
    HttpCache cache = serve();
    get("/pages/docs/a");
    get("/pages/docs/b");
    get("/pages/other");
    awaitStores(3);
    int removed = cache.invalidatePathPrefix("/pages/docs/");

    assertThat(removed).isEqualTo(2);
    assertThat(text(get("/pages/docs/a"))).isEqualTo("page /pages/docs/a render 2");
    assertThat(text(get("/pages/other"))).isEqualTo("page /pages/other render 1");
  }

  @Test
  void purgeByTagRemovesTheTaggedEntries() throws Exception {
    HttpCache cache = serve();
    get("/tagged/a");
    get("/tagged/b");
    awaitStores(2);
    cache.invalidateTag("team-a");

    assertThat(text(get("/tagged/a"))).isEqualTo("page /tagged/a render 2");
    assertThat(text(get("/tagged/b"))).isEqualTo("page /tagged/b render 1");
  }

  @Test
  void successfulUnsafeRequestInvalidatesItsTarget() throws Exception {
    serve();
    get("/items/1");
    get("/items/2");
    awaitStores(2);
    HttpResponse<byte[]> post = send("POST", "/items/1");

    assertThat(post.statusCode()).isEqualTo(204);
    // An adapter may report the request once its answer is sent (the JDK server's does): the purge follows it.
    eventually(() -> assertThat(cache().stats().invalidations()).isEqualTo(1));
    assertThat(text(get("/items/1"))).isEqualTo("page /items/1 render 3");
    assertThat(text(get("/items/2"))).isEqualTo("page /items/2 render 1");
  }

  @Test
  void unsafeRequestTheApplicationRefusesPurgesNothing() throws Exception {
    HttpCache cache = serve();
    get("/pages/refused");
    awaitStores(1);
    HttpResponse<byte[]> post = send("POST", "/pages/refused");
    HttpResponse<byte[]> delete = send("DELETE", "/pages/refused");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(text(get("/pages/refused"))).isEqualTo("page /pages/refused render 1");
    assertThat(cache.stats().invalidations()).isZero();
  }

  @Test
  void successfulUnsafeRequestInvalidatesItsLocationAndContentLocation() throws Exception {
    HttpCache cache = serve();
    get("/items/list");
    get("/items/new/view");
    get("/items/other");
    awaitStores(3);
    HttpResponse<byte[]> post = send("POST", "/items/new");

    assertThat(post.statusCode()).isEqualTo(201);
    eventually(() -> assertThat(cache.stats().invalidations()).isEqualTo(2));
    assertThat(text(get("/items/list"))).isEqualTo("page /items/list render 2");
    assertThat(text(get("/items/new/view"))).isEqualTo("page /items/new/view render 2");
    assertThat(text(get("/items/other"))).isEqualTo("page /items/other render 1");
  }

  @Test
  void getWithARequestBodyIsNeitherServedNorStored() throws Exception {
    HttpCache cache = serve();
    HttpResponse<byte[]> withBody = client().send(HttpRequest.newBuilder(base().resolve("/pages/search"))
            .timeout(Duration.ofSeconds(30)).method("GET", HttpRequest.BodyPublishers.ofString("q=poison")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    get("/pages/search");
    awaitStores(1);
    HttpResponse<byte[]> hit = get("/pages/search");
    HttpResponse<byte[]> withBodyAgain = client().send(HttpRequest.newBuilder(base().resolve("/pages/search"))
            .timeout(Duration.ofSeconds(30)).method("GET", HttpRequest.BodyPublishers.ofString("q=poison")).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(text(withBody)).isEqualTo("page /pages/search render 1");
    assertThat(text(hit)).isEqualTo("page /pages/search render 2");
    assertThat(text(withBodyAgain)).isEqualTo("page /pages/search render 3");
    assertThat(cache.stats().bypasses(BypassReason.REQUEST_BODY)).isEqualTo(2);
  }

  @Test
  void cacheStatusFieldTellsHitMissAndBypassWhenSwitchedOn() throws Exception {
    serve(options -> options.cacheStatusHeader(true));
    HttpResponse<byte[]> miss = get("/pages/status");
    HttpResponse<byte[]> hit = get("/pages/status");
    HttpResponse<byte[]> bypass = send("DELETE", "/items/status");

    assertThat(miss.headers().firstValue("Cache-Status")).hasValue("Surge; fwd=uri-miss");
    assertThat(hit.headers().firstValue("Cache-Status")).hasValue("Surge; hit; ttl=60");
    assertThat(bypass.headers().firstValue("Cache-Status")).hasValue("Surge; fwd=bypass; detail=method");
  }
}
