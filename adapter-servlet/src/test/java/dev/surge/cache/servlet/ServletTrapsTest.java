package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.contract.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
}
