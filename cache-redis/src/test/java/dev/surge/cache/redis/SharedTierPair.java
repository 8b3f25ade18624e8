package dev.surge.cache.redis;

import java.util.UUID;

/**
 * A Redis of the test's own and two instances, A and B, that share its tier in a namespace of their own:
 * the set-up of the tests that break Redis under a small fleet.
 */
record SharedTierPair(RedisServer redis, String namespace, AppInstance a, AppInstance b) implements AutoCloseable {

  /** Starts Redis and both instances, in a namespace named after {@code purpose}. */
  static SharedTierPair start(String purpose) throws Exception {
    RedisServer redis = RedisServer.start();
    String namespace = purpose + "-" + UUID.randomUUID();
    AppInstance a = AppInstance.start("A", redis.uri(), namespace, options -> options.sharedTier(true));
    AppInstance b = AppInstance.start("B", redis.uri(), namespace, options -> options.sharedTier(true));
    return new SharedTierPair(redis, namespace, a, b);
  }

  @Override
  public void close() throws Exception {
    a.stop();
    b.stop();
    redis.close();
  }
}
