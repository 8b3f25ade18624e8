package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseHeaders;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A purge of the shared tier in several batches, held between its first and second batch: what other instances
 * do meanwhile cannot make an entry rendered before the purge outlive it, nor can the purge stopping there.
 * Instance X purges, over a connection that sends the second batch only when the test lets it (or fails it);
 * instance B writes and reads over a connection of its own.
 */
class PurgeBetweenBatchesTest {

  private static final int BATCH = 1;
  private static final byte[] CHANNEL = "between-batches".getBytes(StandardCharsets.UTF_8);

  private final ExecutorService heldBatches = Executors.newSingleThreadExecutor();
  private final CountDownLatch betweenBatches = new CountDownLatch(1);
  private final CountDownLatch secondBatchGoes = new CountDownLatch(1);
  private final AtomicBoolean secondBatchFails = new AtomicBoolean();
  private final InstantSource clock = InstantSource.system();
  private final RedisCounters xCounters = new RedisCounters();
  private final RedisCounters bCounters = new RedisCounters();
  private RedisServer server;
  private RedisClient xClient;
  private RedisClient bClient;
  private StatefulRedisConnection<byte[], byte[]> xConnection;
  private StatefulRedisConnection<byte[], byte[]> bConnection;
  private String namespace;

  @BeforeEach
  void start() throws Exception {
    server = RedisServer.start();
    namespace = "between-" + UUID.randomUUID();
    xClient = RedisClient.create(server.uri());
    bClient = RedisClient.create(server.uri());
    xConnection = xClient.connect(ByteArrayCodec.INSTANCE);
    bConnection = bClient.connect(ByteArrayCodec.INSTANCE);
  }

  @AfterEach
  void stop() throws Exception {
    secondBatchGoes.countDown();
    heldBatches.shutdownNow();
    xConnection.close();
    bConnection.close();
    xClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    bClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    server.close();
  }

  @Test
  void neitherAWriteNorAPromotionBetweenTwoBatchesOutlivesThePurge() throws Exception {
    fill();
    SharedTierStore x = store(new RedisTier(holdingTheSecondBatch(xConnection.async()), namespace, BATCH), xCounters);
    SharedTierStore b = store(new RedisTier(bConnection.async(), namespace, BATCH), bCounters);
    Purge purge = new Purge.PathPrefix("/p/");

    CompletableFuture<Long> purged = x.purgeAndPublish(purge, RedisTier.purgeCounterKey(namespace), CHANNEL,
        new PurgeMessage("x", purge).encode());
    assertThat(betweenBatches.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(server.<String>admin(redis -> redis.get("surge:{" + namespace + "}:purges-published")))
        .as("counted by its first batch").isEqualTo("1");
    b.put(key("/p/9"), page()); // rendered by B before it heard of the purge
    await().until(() -> bCounters.tierStalePuts.sum() == 1);
    assertThat(lookUp(x, key("/p/3"))).as("not reached by the first batch yet").isPresent(); // and promoted
    secondBatchGoes.countDown();

    assertThat(purged.get(10, TimeUnit.SECONDS)).as("the purge's number").isEqualTo(1);
    assertThat(x.get(key("/p/3"))).as("promoted between batches").isEmpty();
    SharedTierStore elsewhere = store(new RedisTier(bConnection.async(), namespace), new RedisCounters());
    assertThat(lookUp(elsewhere, key("/p/9"))).as("written between batches").isEmpty();
    assertThat(lookUp(elsewhere, key("/p/3"))).isEmpty();
    assertThat(server.<List<String>>admin(redis -> redis.keys("surge:{" + namespace + "}:*:e:*"))).isEmpty();
    assertThat(bCounters.tierStores.sum()).isZero();
  }

  @Test
  void aPurgeThatStopsBetweenTwoBatchesLeavesNoEntryOfItServedFromTheTier() throws Exception {
    fill();
    SharedTierStore x = store(new RedisTier(holdingTheSecondBatch(xConnection.async()), namespace, BATCH), xCounters);
    Purge purge = new Purge.PathPrefix("/p/");
    CompletableFuture<Long> purged = x.purgeAndPublish(purge, RedisTier.purgeCounterKey(namespace), CHANNEL,
        new PurgeMessage("x", purge).encode());
    assertThat(betweenBatches.await(10, TimeUnit.SECONDS)).isTrue();
    String generation = server.admin(redis -> redis.get("surge:{" + namespace + "}:generation"));

    secondBatchFails.set(true);
    secondBatchGoes.countDown();

    assertThat(purged).failsWithin(Duration.ofSeconds(10));
    assertThat(xCounters.tierPurgeFailures.sum()).isEqualTo(1);
    assertThat(lookUp(x, key("/p/3"))).as("the tier is not read while its generation is suspect").isEmpty();
    await().until(() -> !generation.equals(server.admin(redis -> redis.get("surge:{" + namespace + "}:generation"))));
    SharedTierStore elsewhere = store(new RedisTier(bConnection.async(), namespace), new RedisCounters());
    assertThat(lookUp(elsewhere, key("/p/3"))).as("left by the purge, then by the new generation").isEmpty();
  }

  /** Four entries, /p/0 to /p/3, in the shared tier. */
  private void fill() throws Exception {
    RedisTier filler = new RedisTier(bConnection.async(), namespace);
    for (int i = 0; i < 4; i++) {
      CacheKey key = key("/p/" + i);
      filler.put(RedisTier.idOf(key), key.path(), List.of(), List.of(), 600_000, EntryCodec.encode(key, page()), 0)
          .get(10, TimeUnit.SECONDS);
    }
  }

  private SharedTierStore store(RedisTier tier, RedisCounters counters) {
    return new SharedTierStore(HttpCache.builder().defaultStore(), tier, new RedisHealth(), counters, clock,
        Duration.ofSeconds(5), 1 << 20, PurgeSequence.fannedOut(), false, new RenderNotices(new byte[] {'r'}));
  }

  /** What {@code store} serves for {@code key} once its shared tier was asked, as the step asks it. */
  private static Optional<CachedResponse> lookUp(SharedTierStore store, CacheKey key) throws Exception {
    store.fetch(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return store.get(key);
  }

  private static CacheKey key(String path) {
    return new CacheKey("GET", "http", "example.test", path, "", Map.of());
  }

  private CachedResponse page() {
    return CachedResponse.builder().status(200)
        .headers(ResponseHeaders.builder().add("Content-Type", "text/plain").build())
        .storedAt(clock.instant()).freshnessLifetime(Duration.ofMinutes(10))
        .body("before the purge".getBytes(StandardCharsets.UTF_8)).build();
  }

  /**
   * {@code real}, except that the second purge batch it is asked to run (a script whose third argument is the
   * batch size) is sent only once {@link #secondBatchGoes} opens; {@link #betweenBatches} opens when it is asked.
   */
  @SuppressWarnings("unchecked")
  private RedisAsyncCommands<byte[], byte[]> holdingTheSecondBatch(RedisAsyncCommands<byte[], byte[]> real) {
    byte[] batchSize = Integer.toString(BATCH).getBytes(StandardCharsets.US_ASCII);
    AtomicInteger batches = new AtomicInteger();
    return (RedisAsyncCommands<byte[], byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {RedisAsyncCommands.class}, (proxy, method, args) -> {
          boolean batch = method.getName().equals("eval") && args.length == 4 && args[0] instanceof byte[]
              && ((byte[][]) args[3]).length >= 3 && Arrays.equals(((byte[][]) args[3])[2], batchSize);
          if (batch && batches.incrementAndGet() == 2) {
            HeldReply<Object> held = new HeldReply<>();
            heldBatches.execute(() -> {
              betweenBatches.countDown();
              awaitQuietly(secondBatchGoes);
              if (secondBatchFails.get()) {
                held.completeExceptionally(new RedisException("the connection broke between two batches"));
                return;
              }
              real.eval((byte[]) args[0], (ScriptOutputType) args[1], (byte[][]) args[2], (byte[][]) args[3])
                  .whenComplete((reply, failure) -> {
                    if (failure == null) {
                      held.complete(reply);
                    } else {
                      held.completeExceptionally(failure);
                    }
                  });
            });
            return held;
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
          }
        });
  }

  /** The reply to a command not sent yet. */
  private static final class HeldReply<T> extends CompletableFuture<T> implements RedisFuture<T> {
    @Override
    public String getError() {
      return isCompletedExceptionally() ? "failed" : null;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        get(timeout, unit);
      } catch (ExecutionException | TimeoutException notYet) {
        return isDone();
      }
      return true;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
