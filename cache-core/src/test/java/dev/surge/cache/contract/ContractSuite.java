package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * What a group of contract tests needs from the running contract. {@link AdapterContract} implements it and
 * the groups kept in their own files (interfaces with default {@code @Test} methods, such as the attack
 * suite), so every adapter's contract test runs every group.
 */
public interface ContractSuite {

  /** The application being served. */
  ContractApplication app();

  /** The clock every cache in the suite reads. */
  MutableClock clock();

  /** The cache the last {@link #serve} started. */
  HttpCache cache();

  /** The base URI of the running server, e.g. {@code http://127.0.0.1:41234}. */
  URI base();

  /** The JDK client speaking the adapter's HTTP version, never following redirects. */
  HttpClient client();

  /** Starts the server with a cache using the defaults changed by {@code options}; returns the cache. */
  HttpCache serve(UnaryOperator<HttpCache.Builder> options) throws Exception;

  /** Starts the server with a cache using the defaults. */
  HttpCache serve() throws Exception;

  /** Sends {@code method} to {@code path} with alternating header names and values. */
  HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception;

  /** A GET of {@code path}. */
  HttpResponse<byte[]> get(String path, String... headers) throws Exception;

  /** Sends a GET of {@code path} on another thread. */
  default CompletableFuture<HttpResponse<byte[]>> getElsewhere(String path) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return get(path);
      } catch (Exception failure) {
        throw new IllegalStateException(failure);
      }
    });
  }

  /** Waits until {@code count} responses are stored. */
  void awaitStores(long count);

  /**
   * Waits until every GET miss so far was reported to the cache, stored or refused: an adapter reports a
   * response after the client may already hold it, so a test that asks again right away waits for this.
   */
  default void awaitEveryMissReported() {
    AdapterContract.eventually(() -> {
      CacheStats stats = cache().stats();
      long refused = stats.totalRejections();
      assertThat(stats.stores() + refused).isEqualTo(stats.misses());
    });
  }

  /** A raw HTTP/1.1 connection to the server, for requests the JDK client refuses to send. */
  default RawHttp raw() {
    return new RawHttp(base());
  }
}
