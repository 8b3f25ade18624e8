package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import dev.surge.cache.HttpCache;
import dev.surge.cache.servlet.HttpCacheFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One application instance as a test sees it: a real Jetty server on a loopback port with Surge's servlet
 * filter in front of a servlet that counts its renders, its own {@link HttpCache} and its own connections to
 * Redis, as a separate process would have.
 *
 * <p>The servlet answers any path with {@code rendered <target> by <instance>}, fresh for {@code ttl} seconds
 * (query parameter, default 600), with an {@code Age} of {@code age}, tagged {@code tag}, varying by the
 * request field {@code vary} (named with its value: {@code for <value>}), padded to
 * {@code bytes} bytes when asked; a render of a target {@linkplain #holdRendersOf held} waits until released.
 */
final class AppInstance {

  static final String HOST = "www.example.com";

  private final String name;
  private final SurgeRedis redis;
  private final HttpCache cache;
  private final Server server;
  private final URI base;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();
  private final Map<String, HeldRender> held = new ConcurrentHashMap<>();

  /** A render that waits: {@link #started} counts down when it begins, {@link #release} lets it go on. */
  record HeldRender(CountDownLatch started, CountDownLatch release) {}

  private AppInstance(String name, SurgeRedis redis, UnaryOperator<HttpCache.Builder> cacheOptions)
      throws Exception {
    this.name = name;
    this.redis = redis;
    this.cache = redis.newCache(cacheOptions.apply(HttpCache.builder().allowedHosts(Set.of(HOST))));
    this.server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new HttpCacheFilter(cache)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new RenderingServlet()), "/*");
    server.setHandler(context);
    server.start();
    this.base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /**
   * An instance named {@code name} on the Redis at {@code redisUri}, in {@code namespace}, configured further by
   * {@code options}, once it is connected to Redis.
   */
  static AppInstance start(String name, String redisUri, String namespace, UnaryOperator<SurgeRedis.Builder> options)
      throws Exception {
    return start(name, redisUri, namespace, options, UnaryOperator.identity());
  }

  /** As {@link #start(String, String, String, UnaryOperator)}, its cache configured further by {@code cacheOptions}. */
  static AppInstance start(
      String name,
      String redisUri,
      String namespace,
      UnaryOperator<SurgeRedis.Builder> options,
      UnaryOperator<HttpCache.Builder> cacheOptions)
      throws Exception {
    return start(name, options.apply(configured(SurgeRedis.builder(redisUri), namespace)), cacheOptions);
  }

  /** An instance named {@code name} on what {@code redis} builds, once it is connected to Redis. */
  static AppInstance start(String name, SurgeRedis.Builder redis) throws Exception {
    return start(name, redis, UnaryOperator.identity());
  }

  private static AppInstance start(String name, SurgeRedis.Builder redis, UnaryOperator<HttpCache.Builder> cacheOptions)
      throws Exception {
    AppInstance instance = new AppInstance(name, redis.build(), cacheOptions);
    await(name + " connected to Redis").pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
        .until(() -> instance.redis.stats().available());
    return instance;
  }

  /** An instance named {@code name} on what {@code redis} builds, serving before it is connected to Redis. */
  static AppInstance startWithoutWaiting(String name, SurgeRedis.Builder redis) throws Exception {
    return new AppInstance(name, redis.build(), UnaryOperator.identity());
  }

  /**
   * {@code redis} in {@code namespace}, reconnecting quickly, as every test instance is, and waiting up to 2 s for
   * a shared-tier lookup, so that a busy machine does not turn lookups into timeouts (tests of timeouts set less).
   */
  static SurgeRedis.Builder configured(SurgeRedis.Builder redis, String namespace) {
    return redis.namespace(namespace).reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
        .sharedTierTimeout(Duration.ofSeconds(2));
  }

  /**
   * The body of a GET of {@code target} with the request header fields {@code headers} (name, value, ...), after
   * checking that the status is 200.
   */
  String get(String target, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target)).header("Host", HOST).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(name + " answered " + response.statusCode() + " to " + target);
    }
    return response.body();
  }

  /** The whole response to a GET of {@code target} with the request header fields {@code headers}. */
  HttpResponse<byte[]> getResponse(String target, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target)).header("Host", HOST).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The body of a GET of {@code target}, sent now and answered later; fails unless the status is 200. */
  CompletableFuture<String> getLater(String target) {
    return client.sendAsync(HttpRequest.newBuilder(base.resolve(target)).header("Host", HOST).GET().build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
          if (response.statusCode() != 200) {
            throw new AssertionError(name + " answered " + response.statusCode() + " to " + target);
          }
          return response.body();
        });
  }

  /** The status of a POST to {@code target}. */
  int post(String target) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(base.resolve(target)).header("Host", HOST).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A GET whose render has begun and waits until {@link #release}. */
  record HeldRequest(HeldRender hold, CompletableFuture<String> answer) {

    /** Lets the render go on. */
    void release() {
      hold.release().countDown();
    }

    /** The body, once the render was released and answered (within 10 s). */
    String body() throws Exception {
      return answer.get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends a GET of {@code target} and returns once its render has begun here, held until released. */
  HeldRequest getHeld(String target) throws InterruptedException {
    HeldRender hold = holdRendersOf(target);
    CompletableFuture<String> answer = getLater(target);
    if (!hold.started().await(10, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not begin to render " + target);
    }
    return new HeldRequest(hold, answer);
  }

  /** Makes the next renders of {@code target} wait until the returned hold is released. */
  HeldRender holdRendersOf(String target) {
    HeldRender hold = new HeldRender(new CountDownLatch(1), new CountDownLatch(1));
    held.put(target, hold);
    return hold;
  }

  /** How many times this instance's application rendered {@code target}. */
  int renders(String target) {
    AtomicInteger count = renders.get(target);
    return count == null ? 0 : count.get();
  }

  HttpCache cache() {
    return cache;
  }

  SurgeRedis redis() {
    return redis;
  }

  /** The absolute URI of {@code target} as the cache keys it. */
  static URI uri(String target) {
    return URI.create("http://" + HOST + target);
  }

  /** The instance's name. */
  @Override
  public String toString() {
    return name;
  }

  /** Stops the server and closes the connections to Redis. */
  void stop() throws Exception {
    server.stop();
    redis.close();
  }

  /** The application: renders each request anew and counts it. */
  private final class RenderingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
      response.setStatus(HttpServletResponse.SC_NO_CONTENT); // a successful change to the target
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      int count = renders.computeIfAbsent(target, any -> new AtomicInteger()).incrementAndGet();
      HeldRender hold = held.get(target);
      if (hold != null) {
        hold.started().countDown();
        try {
          hold.release().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      StringBuilder body = new StringBuilder("rendered " + target + " by " + name + " #" + count);
      String vary = request.getParameter("vary");
      if (vary != null) {
        response.setHeader("Vary", vary);
        body.append(" for ").append(request.getHeader(vary));
      }
      String bytes = request.getParameter("bytes");
      while (bytes != null && body.length() < Integer.parseInt(bytes)) {
        body.append('.');
      }
      String ttl = request.getParameter("ttl");
      response.setHeader("Cache-Control", "max-age=" + (ttl == null ? "600" : ttl));
      if (request.getParameter("age") != null) {
        response.setHeader("Age", request.getParameter("age"));
      }
      if (request.getParameter("tag") != null) {
        response.setHeader("Surrogate-Key", request.getParameter("tag"));
      }
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
