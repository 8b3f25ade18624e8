package dev.surge.cache.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;

/**
 * A test's own connection to a {@link RedisServer}, speaking bytes as Surge does: to read and write the shared
 * tier's keys directly, or to build a {@link RedisTier} on. Closing it shuts its client down.
 */
record BinaryConnection(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection)
    implements AutoCloseable {

  /** Connects to {@code server}. */
  static BinaryConnection to(RedisServer server) {
    RedisClient client = RedisClient.create(server.uri());
    return new BinaryConnection(client, client.connect(ByteArrayCodec.INSTANCE));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
