package dev.surge.bench;

import dev.surge.cache.HttpCache;
import java.net.URI;
import java.util.Optional;

/** The wiki served by one adapter on a loopback port, with or without Surge in front. */
interface DemoServer extends AutoCloseable {

  /** Starts serving on {@code port} (0 for any free one); returns the base URI. */
  URI start(int port) throws Exception;

  /** The cache in front of the wiki, when there is one. */
  Optional<HttpCache> cache();

  /** The adapter's name, e.g. {@code jetty} or {@code vertx}. */
  String adapter();

  @Override
  void close() throws Exception;
}
