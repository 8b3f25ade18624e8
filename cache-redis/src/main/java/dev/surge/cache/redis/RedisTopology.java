package dev.surge.cache.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How one {@link SurgeRedis} reaches Redis: a single server, named directly or through Sentinel (one Lettuce
 * {@link RedisClient}, which asks the sentinels for the master on every reconnection), or a Redis Cluster (a
 * {@link RedisClusterClient}, which follows the cluster's topology as slots move and replicas are promoted).
 * Either way Lettuce reconnects a connection that broke, and resubscribes a subscription, on its own.
 */
sealed interface RedisTopology {

  /** Opens the connection commands are sent on; fails when Redis cannot be reached now. */
  CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connectCommands();

  /** Opens a connection for the purge channel's subscription; fails when Redis cannot be reached now. */
  CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub();

  /** The Lettuce client that makes and remakes the connections. */
  AbstractRedisClient client();

  /** Hears of every connection made, broken and made again. */
  default void addListener(RedisConnectionStateListener listener) {
    client().addListener(listener);
  }

  /** Closes every connection and stops reconnecting. */
  default void shutdown() {
    client().shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** A server at {@code uri}: {@code redis://}, {@code rediss://} or {@code redis-sentinel://...#master}. */
  static RedisTopology server(ClientResources resources, RedisURI uri, Duration commandTimeout) {
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    return new Server(client, uri);
  }

  /** The Redis Cluster that any of {@code seeds} belongs to. */
  static RedisTopology cluster(ClientResources resources, List<RedisURI> seeds, Duration commandTimeout) {
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        // Refreshed when the cluster says it changed (redirections, persistent reconnections), not on a timer:
        // each refresh opens and closes connections, and a closed connection makes the shared tier start anew.
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
        .build());
    return new Cluster(client);
  }

  /** One server, named directly or through Sentinel. */
  record Server(RedisClient client, RedisURI uri) implements RedisTopology {

    @Override
    public CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connectCommands() {
      return client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
          .thenApply(connection -> connection.async());
    }

    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
      return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }
  }

  /** A Redis Cluster. */
  record Cluster(RedisClusterClient client) implements RedisTopology {

    @Override
    public CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connectCommands() {
      // Lettuce connects asynchronously only once it knows the slots: ask the seeds for them first.
      return client.refreshPartitionsAsync().toCompletableFuture()
          .thenCompose(known -> client.connectAsync(ByteArrayCodec.INSTANCE))
          .thenApply(StatefulRedisClusterConnection::async);
    }

    @Override
    public CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
      return client.connectPubSubAsync(ByteArrayCodec.INSTANCE);
    }
  }
}
