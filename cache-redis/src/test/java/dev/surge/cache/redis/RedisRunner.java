package dev.surge.cache.redis;

import java.io.IOException;

/**
 * One way of running the tests' Redis on a port chosen by {@link RedisServer}: a {@code redis-server} process
 * found on the PATH, or a Redis container where Docker works. Persisting nothing either way.
 */
interface RedisRunner {

  /** Starts a new, empty Redis on the port; returns at once, {@link RedisServer} waits until it answers. */
  void start() throws IOException;

  /** Throws, saying where to look, if the Redis started last has exited on its own. */
  void checkRunning();

  /** Kills Redis at once, as a crash would (SIGKILL): nothing is flushed, connections just break. */
  void kill() throws IOException;

  /** Stops Redis without closing anything: connections stay open and nothing is answered. */
  void freeze() throws IOException, InterruptedException;

  /** Lets a frozen Redis go on. */
  void thaw() throws IOException, InterruptedException;

  /** Stops Redis if it runs and removes everything it left. */
  void remove() throws IOException;
}
