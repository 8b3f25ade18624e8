package dev.surge.cache.spring.boot;

import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application started on embedded Tomcat at a random loopback port, talked to with the JDK's
 * HTTP client (HTTP/1.1).
 */
public final class RunningApplication implements AutoCloseable {

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final ConfigurableApplicationContext context;
  private final URI base;

  private RunningApplication(ConfigurableApplicationContext context) {
    this.context = context;
    this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  /** Starts {@code application} with {@code properties} added to the test defaults. */
  public static RunningApplication start(Class<?> application, String... properties) {
    return new RunningApplication(new SpringApplicationBuilder(application)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .properties(properties)
        .run());
  }

  /** The application context. */
  public ConfigurableApplicationContext context() {
    return context;
  }

  /** The application's cache. */
  public HttpCache cache() {
    return context.getBean(HttpCache.class);
  }

  /** Sends a GET for {@code path} with {@code headers} (name, value, name, value...). */
  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * How many requests the cache has settled so far: stored, refused, or kept out of it from the start. A miss
   * is settled after its response reached the client, so a test waits for this count before asking again.
   */
  public long settled() {
    CacheStats stats = cache().stats();
    return stats.stores() + stats.totalRejections() + stats.totalBypasses();
  }

  /** Waits until more than {@code count} requests are settled. */
  public void awaitSettledBeyond(long count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> settled() > count);
  }

  @Override
  public void close() {
    context.close();
  }
}
