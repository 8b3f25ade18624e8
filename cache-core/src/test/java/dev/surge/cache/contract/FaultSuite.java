package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.FaultRoutes.HeldEnding;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults every adapter must survive without storing or serving a broken response: renders that throw before
 * or after writing, clients that go away or stop reading, coalesced leaders that fail, time out or lose their
 * client, and recycling in the middle of a surge. The step's own handling of a failed, cancelled or slow
 * leader is pinned by {@code RequestStealingStepTest}; these tests prove each adapter reports those faults
 * to it and never hands a client the wreck.
 *
 * <p>Unless a test is about the bound, coalesced requests wait up to five minutes, so that a leader an adapter
 * never reports shows as a failure instead of being hidden by the default five-second bound.
 */
public interface FaultSuite extends ContractSuite {

  /** How many requests wait for a held leader. */
  int WAITERS = 4;

  @AfterEach
  default void endTheHeldRender() {
    app().faults().endHeldRender(HeldEnding.SUCCEEDS);
  }

  /** After a failed first render of {@code path}: the next request renders it whole, and the one after hits. */
  private void assertTheNextRequestRendersAgainAndIsStored(String path) throws Exception {
    HttpResponse<byte[]> next = get(path);
    awaitStores(1); // over HTTP/2 a client may hold the response before the adapter reported it
    HttpResponse<byte[]> hit = get(path);
    assertWholePage(path, next);
    assertThat(new String(next.body(), StandardCharsets.UTF_8)).startsWith("page " + path + " render 2\n");
    assertThat(hit.body()).isEqualTo(next.body());
    assertThat(app().renders(path)).isEqualTo(2);
  }

  @Test
  default void renderThatThrowsBeforeWritingIsAnErrorAndTheNextRequestIsRenderedAndStored() throws Exception {
    HttpCache cache = serve(FaultSuite::waitingLong);
    String path = "/fault/fails-once/page";

    RawHttp.Response failed = raw().exchange(sameKeyGet(path));

    assertThat(failed.status()).as("the answer to a render that threw before writing").isEqualTo(500);
    awaitFinishedRenders(cache, 1);
    assertThat(cache.stats().stores()).isZero();

    assertTheNextRequestRendersAgainAndIsStored(path);
  }

  @Test
  default void renderThatBreaksOffAfterPartOfItsBodyIsCutShortAndNeverStored() throws Exception {
    HttpCache cache = serve(FaultSuite::waitingLong);
    String path = "/fault/breaks-once/page";

    assertThatThrownBy(() -> raw().exchange(sameKeyGet(path)))
        .as("the client of a render that broke off sees its response cut short, not ended")
        .isInstanceOf(IOException.class);
    awaitFinishedRenders(cache, 1);
    assertThat(cache.stats().stores()).isZero();

    assertTheNextRequestRendersAgainAndIsStored(path);
  }

  @Test
  default void clientThatGoesAwayMidBodyNeverLeavesATruncatedEntry() throws Exception {
    HttpCache cache = serve(options -> largePages(waitingLong(options)));
    String path = "/fault/large/page";

    try (Socket socket = raw().openWithReceiveBuffer(4096)) {
      RawHttp.write(socket, sameKeyGet(path));
      assertThat(socket.getInputStream().readNBytes(1024)).hasSize(1024);
    }
    awaitFinishedRenders(cache, 1);
    HttpResponse<byte[]> next = get(path);

    // Either the abort was noticed and nothing stored (the next request renders), or the adapter had handed
    // the whole body to its buffers first and stored it: either way the next client gets a whole page.
    assertWholePage(path, next);
    assertThat(next.body()).hasSize(FaultRoutes.LARGE_BYTES);
  }

  @ParameterizedTest
  @EnumSource(value = HeldEnding.class, names = {"FAILS", "BREAKS_OFF"})
  default void waitersRenderThemselvesWhenTheLeaderTheyWaitForFails(HeldEnding ending) throws Exception {
    HttpCache cache = serve(FaultSuite::waitingLong);
    String path = "/fault/held/page";
    ExecutorService pool = Executors.newFixedThreadPool(WAITERS + 1);
    try {
      Future<Optional<RawHttp.Response>> leader = pool.submit(() -> attempt(() -> raw().exchange(sameKeyGet(path))));
      assertThat(app().faults().awaitHeldRender()).isTrue();
      List<Future<HttpResponse<byte[]>>> waiters = submitGets(pool, path, WAITERS);
      await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().coalescedWaits() == WAITERS);

      app().faults().endHeldRender(ending);

      for (Future<HttpResponse<byte[]>> waiter : waiters) {
        assertWholePage(path, waiter.get(30, TimeUnit.SECONDS));
      }
      Optional<RawHttp.Response> leaderResponse = leader.get(30, TimeUnit.SECONDS);
      if (ending == HeldEnding.FAILS) {
        assertThat(leaderResponse).as("the answer to a leader that threw before writing").isPresent();
        assertThat(leaderResponse.get().status()).isEqualTo(500);
      } else {
        assertCutShort(leaderResponse);
      }
      assertWholePage(path, get(path));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void waiterThatGaveUpOnASlowLeaderKeepsItsRenderWhenTheLeaderBreaksOff() throws Exception {
    HttpCache cache = serve(options -> options.coalescingTimeout(Duration.ofMillis(100)));
    String path = "/fault/held/page";
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<RawHttp.Response>> leader = pool.submit(() -> attempt(() -> raw().exchange(sameKeyGet(path))));
      assertThat(app().faults().awaitHeldRender()).isTrue();
      HttpResponse<byte[]> waiter = get(path); // gives up on the held leader after the bound and renders itself
      assertWholePage(path, waiter);
      assertThat(new String(waiter.body(), StandardCharsets.UTF_8)).startsWith("page " + path + " render 2\n");
      awaitFinishedRenders(cache, 1);

      app().faults().endHeldRender(HeldEnding.BREAKS_OFF);
      assertCutShort(leader.get(30, TimeUnit.SECONDS));
      awaitFinishedRenders(cache, 2);

      assertThat(get(path).body()).isEqualTo(waiter.body());
      assertThat(app().renders(path)).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void waitersRenderThemselvesWhenTheLeadersClientGoesAway() throws Exception {
    HttpCache cache = serve(FaultSuite::waitingLong);
    String path = "/fault/held/page";
    ExecutorService pool = Executors.newFixedThreadPool(WAITERS);
    try {
      List<Future<HttpResponse<byte[]>>> waiters;
      try (Socket leader = raw().open()) {
        RawHttp.write(leader, sameKeyGet(path));
        assertThat(app().faults().awaitHeldRender()).isTrue();
        waiters = submitGets(pool, path, WAITERS);
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().coalescedWaits() == WAITERS);
      }
      app().faults().endHeldRender(HeldEnding.SUCCEEDS);

      for (Future<HttpResponse<byte[]>> waiter : waiters) {
        assertWholePage(path, waiter.get(30, TimeUnit.SECONDS));
      }
      awaitFinishedRenders(cache, app().renders(path));
      assertWholePage(path, get(path));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void clientThatStopsReadingALargeHitDoesNotHoldUpOtherHits() throws Exception {
    serve(FaultSuite::largePages);
    String path = "/fault/large/page";
    byte[] page = get(path).body();
    awaitStores(1);
    int readers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try (Socket stalled = raw().openWithReceiveBuffer(4096)) {
      RawHttp.write(stalled, sameKeyGet(path));
      InputStream stalledBody = stalled.getInputStream();
      assertThat(stalledBody.readNBytes(1024)).hasSize(1024); // and then reads no more

      List<Future<HttpResponse<byte[]>>> others = submitGets(pool, path, readers);
      await().atMost(Duration.ofSeconds(30)).until(() -> others.stream().allMatch(Future::isDone));

      for (Future<HttpResponse<byte[]>> other : others) {
        assertThat(other.get().statusCode()).isEqualTo(200);
        assertThat(other.get().body()).isEqualTo(page);
      }
      assertThat(app().renders(path)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void recyclingInTheMiddleOfASurgeTearsNoResponse() throws Exception {
    HttpCache cache = serve(options -> options.recycleAfterRequests(37));
    List<String> paths = List.of("/fault/stress/a/1", "/fault/stress/a/2", "/fault/stress/b/1");
    ResponseAudit audit = new ResponseAudit(app().faults(), app()::renders);
    AtomicInteger sent = new AtomicInteger();
    int clients = 16;
    int requestsEach = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> surge = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        int first = client;
        surge.add(pool.submit(() -> {
          for (int i = 0; i < requestsEach; i++) {
            String path = paths.get((first + i) % paths.size());
            if (sent.incrementAndGet() % 50 == 0) {
              cache.recycle();
              audit.count("explicit recycle");
            }
            try {
              audit.full("GET", path, get(path));
            } catch (Exception failure) {
              audit.failed("GET", path, failure);
            }
          }
        }));
      }
      for (Future<?> client : surge) {
        client.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    CacheStats stats = cache.stats();
    System.out.printf("%s recycling surge: checked %s; %d recycles, %d hits, %d misses%n",
        getClass().getSimpleName(), audit.counts(), stats.recycles(), stats.hits(), stats.misses());
    assertThat(audit.problems()).isEmpty();
    assertThat(audit.counts()).containsEntry("GET 200", (long) clients * requestsEach);
    assertThat(stats.recycles()).isGreaterThan(clients * requestsEach / 50);
  }

  private static HttpCache.Builder waitingLong(HttpCache.Builder options) {
    return options.coalescingTimeout(Duration.ofMinutes(5));
  }

  private static HttpCache.Builder largePages(HttpCache.Builder options) {
    return options.maximumEntryBytes(ByteSize.ofMegabytes(16)).maximumBytes(ByteSize.ofMegabytes(64));
  }

  /**
   * A raw GET of {@code path} with the {@code Host} the JDK client sends, so that it asks for the same cache
   * key, on a connection kept open, so that the server must frame the body (a body it ends by closing the
   * connection looks whole however short it is). Raw requests stand in for clients that fail: the JDK client
   * silently retries a GET whose connection closed before any response.
   */
  private String sameKeyGet(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + base().getRawAuthority() + "\r\n\r\n";
  }

  /**
   * Asserts that a response whose render broke off reached its client cut short: the request failed outright, or
   * the body is shorter than the length the response declared; never a response that looks whole.
   */
  private static void assertCutShort(Optional<RawHttp.Response> response) {
    response.ifPresent(whole -> assertThat(whole.header("Content-Length").map(Integer::parseInt))
        .as("a response whose render broke off, %d body bytes", whole.body().length)
        .hasValueSatisfying(declared -> assertThat(whole.body().length).isLessThan(declared)));
  }

  /** The response, or empty when the request failed outright (a reset, a connection closed mid-response). */
  private static <T> Optional<T> attempt(Callable<T> request) throws Exception {
    try {
      return Optional.of(request.call());
    } catch (IOException cutShort) {
      return Optional.empty();
    }
  }

  private List<Future<HttpResponse<byte[]>>> submitGets(ExecutorService pool, String path, int count) {
    List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      responses.add(pool.submit(() -> get(path)));
    }
    return responses;
  }

  /** Asserts that {@code response} is a 200 carrying, byte for byte, a whole page rendered for {@code path}. */
  private void assertWholePage(String path, HttpResponse<byte[]> response) {
    ResponseAudit audit = new ResponseAudit(app().faults(), app()::renders);
    audit.full("GET", path, response);
    assertThat(audit.problems()).isEmpty();
  }

  /**
   * Waits until the adapter has reported {@code count} finished renders to the cache, stored or not: an
   * adapter may report a render after its client already has the response.
   */
  private static void awaitFinishedRenders(HttpCache cache, long count) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      CacheStats stats = cache.stats();
      long rejected = stats.totalRejections();
      assertThat(stats.stores() + rejected).isEqualTo(count);
    });
  }
}
