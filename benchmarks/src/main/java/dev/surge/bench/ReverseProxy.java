package dev.surge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * Whether {@code process} accepts connections on loopback {@code port} within {@code wait}; false once it
   * exits or the wait is over.
   */
  static boolean startsListening(int port, Process process, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    return false;
  }

  /** A loopback port free at the time of asking, for the proxy to listen on. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
