package dev.surge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A caching reverse proxy the harness runs in front of a no-cache server, on loopback: it listens on {@link #port()}
 * until closed, and closing stops it.
 */
interface ReverseProxy extends AutoCloseable {

  /** The loopback port it accepts requests on. */
  int port();

  /** The first of {@code candidates} that is an executable file: the proxy's binary, when installed. */
  static Optional<Path> installed(String... candidates) {
    for (String candidate : candidates) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** A loopback port free at the time of asking, for the proxy to listen on. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
