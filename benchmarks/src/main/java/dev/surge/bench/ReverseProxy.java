package dev.surge.bench;

/**
 * A caching reverse proxy the harness runs in front of a no-cache server, on loopback: it listens on {@link #port()}
 * until closed, and closing stops it.
 */
interface ReverseProxy extends AutoCloseable {

  /** The loopback port it accepts requests on. */
  int port();
}
