package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.contract.MutableClock;
import jakarta.servlet.SessionTrackingMode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per trap of the servlet API that a capturing response wrapper must handle, each run on embedded
 * Jetty 12.1 and Tomcat 11 with a real HTTP client. A test that checks a response is not stored asks for it
 * twice and expects two renders.
 */
class ServletTrapsTest {

  private final TrapServlet servlet = new TrapServlet();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private EmbeddedContainer container;
  private HttpCache cache;
  private URI base;

  static Stream<Arguments> containers() {
    return Stream.of(Arguments.of(new JettyContainer()), Arguments.of(new TomcatContainer()));
  }

  /** Every container paired with every one of {@code paths}. */
  private static Stream<Arguments> onEachContainer(String... paths) {
    return containers().flatMap(container -> Stream.of(paths).map(path -> Arguments.of(container.get()[0], path)));
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.stop();
    }
  }

  private void serve(EmbeddedContainer container, UnaryOperator<HttpCache.Builder> options) throws Exception {
    this.container = container;
    this.cache = options.apply(HttpCache.builder().clock(MutableClock.standingStill())).build();
    this.base = container.start(new HttpCacheFilter(cache), servlet);
  }

  private void serve(EmbeddedContainer container) throws Exception {
    serve(container, UnaryOperator.identity());
  }

  private HttpResponse<byte[]> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return send("GET", path);
  }

  /**
   * Sends a GET on a connection the server is asked to close, and reads until it does: for responses that
   * may be cut short, where only the server side matters to the caller.
   */
  private void getOnClosingConnection(String path) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    }
  }

  /** Asserts within a bound: the filter reports a response to the cache after the client may hold it. */
  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void writerBodyIsStoredInTheResponseCharset(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/writer/utf8");
    HttpResponse<byte[]> hit = get("/writer/utf8");

    assertThat(text(miss)).isEqualTo(TrapServlet.UNICODE_TEXT);
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(hit.headers().firstValue("Content-Type").orElseThrow()).containsIgnoringCase("charset=utf-8");
    assertThat(servlet.renders("/writer/utf8")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void writerWithANonDefaultCharsetIsStoredByteForByte(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/writer/latin1");
    HttpResponse<byte[]> hit = get("/writer/latin1");

    assertThat(miss.body()).isEqualTo("café 1".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(hit.headers().firstValue("Content-Type").orElseThrow()).containsIgnoringCase("iso-8859-1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void streamAfterWriterIsRefusedAsWithoutTheCache(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/writer-then-stream");

    assertThat(text(miss)).isEqualTo("refused 1");
    assertThat(text(get("/writer-then-stream"))).isEqualTo("refused 1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void flushBufferCommitsAtOnceAndTheWholeBodyIsStored(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/flush");
    HttpResponse<byte[]> hit = get("/flush");

    assertThat(text(miss)).isEqualTo("first half 1, committed=true");
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(servlet.renders("/flush")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void declaredLengthIsPassedOnAndAMatchingBodyIsStored(EmbeddedContainer container) throws Exception {
    serve(container);
    get("/length/right");
    HttpResponse<byte[]> hit = get("/length/right");

    assertThat(text(hit)).isEqualTo("exactly 1");
    assertThat(hit.headers().firstValue("Content-Length")).hasValue("9");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void declaredLengthRemovedWithANullHeaderIsForgotten(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/length/removed");
    HttpResponse<byte[]> hit = get("/length/removed");

    assertThat(miss.statusCode()).isEqualTo(200);
    assertThat(text(miss)).isEqualTo("only twenty bytes...");
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(servlet.renders("/length/removed")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lengthSetters")
  void bodyShorterThanEachKindOfDeclaredLengthIsNotStored(EmbeddedContainer container, String path)
      throws Exception {
    serve(container);
    getOnClosingConnection(path);
    getOnClosingConnection(path);

    assertThat(servlet.renders(path)).isEqualTo(2);
    assertThat(cache.stats().stores()).isZero();
  }

  static Stream<Arguments> lengthSetters() {
    return onEachContainer("/length/int", "/length/long", "/length/header", "/length/int-header", "/length/add-header",
            "/length/add-int-header");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("errors")
  void errorSentThroughEitherOverloadIsNotStored(EmbeddedContainer container, String path) throws Exception {
    serve(container);
    HttpResponse<byte[]> first = get(path);
    get(path);

    assertThat(first.statusCode()).isEqualTo(404);
    assertThat(servlet.renders(path)).isEqualTo(2);
  }

  static Stream<Arguments> errors() {
    return onEachContainer("/send-error", "/send-error/no-message");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("redirects")
  void redirectSentThroughAnyOverloadIsNotStored(EmbeddedContainer container, String path) throws Exception {
    serve(container, options -> options.cacheableStatuses(Set.of(200, 301, 302, 308)));
    HttpResponse<byte[]> first = get(path);
    get(path);

    assertThat(first.statusCode()).isBetween(300, 399);
    assertThat(servlet.renders(path)).isEqualTo(2);
  }

  static Stream<Arguments> redirects() {
    return onEachContainer("/redirect/plain", "/redirect/status", "/redirect/clear", "/redirect/status-clear");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("asyncPaths")
  void asynchronousResponsesPassThroughAndAreNotStored(EmbeddedContainer container, String path)
      throws Exception {
    serve(container);
    HttpResponse<byte[]> first = get(path);
    HttpResponse<byte[]> second = get(path);

    assertThat(text(first)).endsWith(" 1");
    assertThat(text(second)).endsWith(" 2");
    assertThat(cache.stats().stores()).isZero();
  }

  static Stream<Arguments> disconnectPaths() {
    return onEachContainer("/disconnect", "/disconnect-writer", "/disconnect-swallowed");
  }

  static Stream<Arguments> asyncPaths() {
    return onEachContainer("/async/no-args", "/async/with-args", "/async/dispatch", "/non-blocking");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("resets")
  void onlyWhatIsWrittenAfterAResetIsStored(EmbeddedContainer container, String path) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get(path);
    HttpResponse<byte[]> hit = get(path);

    assertThat(text(miss)).isEqualTo("kept 1");
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(servlet.renders(path)).isEqualTo(1);
  }

  static Stream<Arguments> resets() {
    return onEachContainer("/reset-buffer/stream", "/reset-buffer/writer", "/reset/stream", "/reset/writer");
  }

  /** reset() clears the choice of writer or stream too, so an application may switch after it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void streamTakenAfterResettingAWriterReachesTheClientWholeAndIsNeverStoredWrong(EmbeddedContainer container)
      throws Exception {
    serve(container);
    HttpResponse<byte[]> first = get("/reset/writer-then-stream");
    HttpResponse<byte[]> second = get("/reset/writer-then-stream");

    assertThat(text(first)).isEqualTo("kept 1");
    assertThat(text(second)).isEqualTo("kept " + servlet.renders("/reset/writer-then-stream"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void responseWithTrailersIsNotStored(EmbeddedContainer container) throws Exception {
    serve(container);
    assertThat(text(get("/trailers"))).isEqualTo("with trailers 1");
    assertThat(text(get("/trailers"))).isEqualTo("with trailers 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void cookieSetThroughTheServletApiIsNeverStored(EmbeddedContainer container) throws Exception {
    serve(container);
    get("/cookie-api");

    assertThat(text(get("/cookie-api"))).isEqualTo("cookie 2");
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.SET_COOKIE)).isEqualTo(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void responseThatCreatesASessionIsNeverStored(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> first = get("/session");
    HttpResponse<byte[]> second = get("/session");

    assertThat(first.headers().firstValue("Set-Cookie")).isPresent();
    assertThat(text(second)).isEqualTo("session 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void headGoesThroughDoHeadWithoutPoisoningTheGetEntry(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> head = send("HEAD", "/head-by-default");
    HttpResponse<byte[]> full = get("/head-by-default");
    HttpResponse<byte[]> hit = get("/head-by-default");

    assertThat(head.body()).isEmpty();
    assertThat(text(full)).isEqualTo("get body 2");
    assertThat(hit.body()).isEqualTo(full.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void renderThatThrowsAfterWritingIsNotStoredAndReleasesWaiters(EmbeddedContainer container) throws Exception {
    serve(container, options -> options.coalescingTimeout(Duration.ofMinutes(5)));
    getOnClosingConnection("/throw-after-partial");
    HttpResponse<byte[]> second = get("/throw-after-partial");

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).hasSize(2048);
    assertThat(servlet.renders("/throw-after-partial")).isEqualTo(2);
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.INCOMPLETE)).isEqualTo(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void bodyOverTheLimitStreamsThroughIntactAndIsNotStored(EmbeddedContainer container) throws Exception {
    serve(container, options -> options.maximumEntryBytes(ByteSize.ofMegabytes(1)));
    HttpResponse<byte[]> first = get("/big");
    HttpResponse<byte[]> second = get("/big");

    assertThat(first.body()).isEqualTo(TrapServlet.bigBody());
    assertThat(second.body()).isEqualTo(TrapServlet.bigBody());
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.TOO_LARGE)).isEqualTo(2));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("disconnectPaths")
  void clientThatDisconnectsMidBodyLeavesNothingStored(EmbeddedContainer container, String path) throws Exception {
    serve(container, options -> options.maximumEntryBytes(ByteSize.ofMegabytes(32)).maximumBytes(ByteSize.ofMegabytes(128)));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      in.readNBytes(64 * 1024);
    }
    assertThat(servlet.disconnectRenderEnded.await(60, TimeUnit.SECONDS)).isTrue();
    eventually(() -> assertThat(cache.stats().rejections(RejectReason.INCOMPLETE)).isEqualTo(1));

    assertThat(cache.stats().stores()).isZero();
    assertThat(cache.stats().entries()).isZero();
  }

  // ---------------------------------------------------------------------------------------------------------
  // transparency: what the client gets is what it gets without the cache, and nothing private is stored

  /** What a client gets for {@code path} from the same kind of container with the same servlet and no cache. */
  private HttpResponse<byte[]> withoutTheCache(EmbeddedContainer kind, String path) throws Exception {
    EmbeddedContainer plain = kind.getClass().getDeclaredConstructor().newInstance();
    URI plainBase = plain.start((request, response, chain) -> chain.doFilter(request, response), new TrapServlet());
    try {
      return client.send(HttpRequest.newBuilder(plainBase.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } finally {
      plain.stop();
    }
  }

  /** The same status, content type, framing and body bytes. */
  private static void assertSameAnswer(HttpResponse<byte[]> actual, HttpResponse<byte[]> expected) {
    assertSameContent(actual, expected);
    assertThat(actual.headers().firstValue("Content-Length")).isEqualTo(expected.headers().firstValue("Content-Length"));
  }

  /** The same status, content type and body bytes; a hit may be framed by a {@code Content-Length} instead. */
  private static void assertSameContent(HttpResponse<byte[]> actual, HttpResponse<byte[]> expected) {
    assertThat(actual.statusCode()).isEqualTo(expected.statusCode());
    assertThat(actual.headers().firstValue("Content-Type")).isEqualTo(expected.headers().firstValue("Content-Type"));
    assertThat(actual.body()).isEqualTo(expected.body());
    actual.headers().firstValue("Content-Length")
        .ifPresent(length -> assertThat(Long.parseLong(length)).isEqualTo(actual.body().length));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("writerTexts")
  void writerPageReachesTheClientAsWithoutTheCacheOnTheMissAndEveryLaterRequest(EmbeddedContainer container,
      String path) throws Exception {
    HttpResponse<byte[]> plain = withoutTheCache(container, path);
    serve(container);
    HttpResponse<byte[]> miss = get(path);
    HttpResponse<byte[]> second = get(path);
    HttpResponse<byte[]> third = get(path);

    assertThat(plain.statusCode()).isEqualTo(200);
    assertSameAnswer(miss, plain);
    assertSameContent(second, plain);
    assertSameContent(third, plain);
  }

  static Stream<Arguments> writerTexts() {
    return onEachContainer("/writer/unmappable", "/writer/default-charset-unmappable", "/writer/lone-surrogate",
        "/writer/split-pair", "/writer/big-emoji", "/writer/utf16");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void writerPageOfWellFormedTextPastTheBufferIsStoredByteForByte(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> miss = get("/writer/big-emoji");
    HttpResponse<byte[]> hit = get("/writer/big-emoji");

    assertThat(miss.body()).isEqualTo(TrapServlet.BIG_TEXT_WITH_EMOJI.getBytes(StandardCharsets.UTF_8));
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(servlet.renders("/writer/big-emoji")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void pageThatCreatesAUrlTrackedSessionIsNeverStored(EmbeddedContainer container) throws Exception {
    urlTrackedSessions(container);
    String first = text(get("/session-url"));
    String second = text(get("/session-url"));

    assertThat(first).contains(";jsessionid=");
    assertThat(sessionId(second)).isNotEqualTo(sessionId(first));
    assertThat(servlet.renders("/session-url")).isEqualTo(2);
    eventually(() -> assertThat(cache.stats().stores()).isZero());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void pageThatChangesTheSessionIdIsNeverStored(EmbeddedContainer container) throws Exception {
    urlTrackedSessions(container);
    String created = sessionId(text(get("/session-url")));
    String rotated = text(get("/session-rotate;jsessionid=" + created));
    String later = text(get("/session-rotate;jsessionid=" + created));

    assertThat(sessionId(rotated)).isNotEqualTo(created);
    assertThat(later).doesNotContain(sessionId(rotated));
    assertThat(servlet.renders("/session-rotate")).isEqualTo(2);
  }

  private void urlTrackedSessions(EmbeddedContainer container) throws Exception {
    this.container = container;
    this.cache = HttpCache.builder().clock(MutableClock.standingStill()).build();
    this.base = container.start(new HttpCacheFilter(cache), Map.of(), servlet, Set.of(SessionTrackingMode.URL));
  }

  private static String sessionId(String page) {
    int at = page.indexOf(";jsessionid=");
    return at < 0 ? "" : page.substring(at + ";jsessionid=".length(), page.indexOf('"', at));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void getWithARequestBodyIsNeitherServedNorStored(EmbeddedContainer container) throws Exception {
    serve(container);
    HttpResponse<byte[]> poisoned = client.send(HttpRequest.newBuilder(base.resolve("/echo-body"))
        .timeout(Duration.ofSeconds(20)).method("GET", HttpRequest.BodyPublishers.ofString("alice's secret")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> plain = get("/echo-body");
    HttpResponse<byte[]> again = get("/echo-body");

    assertThat(text(poisoned)).isEqualTo("you searched for alice's secret");
    assertThat(text(plain)).isEqualTo("you searched for ");
    assertThat(text(again)).isEqualTo("you searched for ");
    assertThat(servlet.renders("/echo-body")).isEqualTo(2);
    assertThat(cache.stats().bypasses(BypassReason.REQUEST_BODY)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void unsafeRequestTheApplicationRefusesPurgesNothing(EmbeddedContainer container) throws Exception {
    serve(container);
    get("/items/2");
    HttpResponse<byte[]> refused = send("POST", "/items/2");
    HttpResponse<byte[]> after = get("/items/2");

    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(text(after)).isEqualTo("/items/2 1");
    assertThat(cache.stats().invalidations()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void successfulUnsafeRequestPurgesItsTargetItsLocationAndItsContentLocation(EmbeddedContainer container)
      throws Exception {
    serve(container);
    for (String path : List.of("/items", "/items/1", "/items/1/summary", "/items/2")) {
      get(path);
    }
    HttpResponse<byte[]> post = send("POST", "/items/1");

    assertThat(post.statusCode()).isEqualTo(303);
    eventually(() -> assertThat(cache.stats().invalidations()).isEqualTo(3));
    assertThat(text(get("/items"))).isEqualTo("/items 2");
    assertThat(text(get("/items/1"))).isEqualTo("/items/1 2");
    assertThat(text(get("/items/1/summary"))).isEqualTo("/items/1/summary 2");
    assertThat(text(get("/items/2"))).isEqualTo("/items/2 1");
  }
}
