package dev.surge.cache.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to Redis in the background, from {@link #start} until {@link #close}: opens the command connection,
 * then the subscription to the purge and renders channels, trying again after each failure with the
 * reconnection backoff,
 * for as long as it takes. Once subscribed it hands the connection to {@link DeferredCommands}, reports Redis
 * available and tells the purge channel of its first subscription; from then on Lettuce keeps both
 * connections up by itself. Until then nothing blocks: commands fail at once and count as failures.
 */
final class RedisConnector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  private final RedisTopology topology;
  private final PurgeChannel channel;
  private final RenderNotices renderNotices;
  private final DeferredCommands commands;
  private final RedisHealth health;
  private final Delay backoff;
  private final ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "surge-redis-connect");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;
  private volatile RedisClusterAsyncCommands<byte[], byte[]> connection;
  private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscription;
  private long failedAttempts;

  RedisConnector(
      RedisTopology topology, PurgeChannel channel, RenderNotices renderNotices, DeferredCommands commands,
      RedisHealth health, Delay backoff) {
    this.topology = topology;
    this.channel = channel;
    this.renderNotices = renderNotices;
    this.commands = commands;
    this.health = health;
    this.backoff = backoff;
  }

  /** Makes the first attempt, without waiting for it. */
  void start() {
    attempts.execute(this::attempt);
  }

  /** Stops trying; the topology's shutdown closes whatever connection an attempt in flight may still open. */
  @Override
  public void close() {
    closed = true;
    attempts.shutdownNow();
  }

  /** One attempt, each connection opened at most once: a connection opened before is kept by Lettuce. */
  private void attempt() {
    if (closed) {
      return;
    }
    CompletableFuture<Void> commandsUp;
    try {
      commandsUp = connection != null ? CompletableFuture.completedFuture(null)
          : topology.connectCommands().thenAccept(opened -> connection = opened);
    } catch (RuntimeException refused) {
      commandsUp = CompletableFuture.failedFuture(refused);
    }
    commandsUp
        .thenCompose(ignored -> subscription != null ? CompletableFuture.completedFuture(null)
            : topology.connectPubSub().thenAccept(opened -> {
              opened.addListener(channel);
              opened.addListener(renderNotices);
              subscription = opened;
            }))
        .thenCompose(ignored ->
            subscription.async().subscribe(channel.name(), renderNotices.channel()).toCompletableFuture())
        .whenComplete((ignored, failure) -> {
          if (closed) {
            return;
          }
          if (failure == null) {
            subscribed();
          } else {
            failed(failure);
          }
        });
  }

  private void subscribed() {
    commands.connected(connection);
    channel.firstSubscription();
    health.connected();
    LOG.debug("connected to Redis and subscribed to the purge channel");
  }

  private void failed(Throwable failure) {
    health.failed("connecting to Redis", failure);
    failedAttempts++;
    try {
      attempts.schedule(this::attempt, backoff.createDelay(failedAttempts).toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closedMeanwhile) {
      // close() ran after the check: nothing more to try
    }
  }
}
