package dev.surge.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A server socket on a free loopback port that hands each accepted connection to its own thread, for the
 * raw-socket origins of the proxy tests; closing it closes every connection it accepted.
 */
final class LoopbackSocketServer implements AutoCloseable {

  private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ServerSocket server;

  private LoopbackSocketServer(ServerSocket server) {
    this.server = server;
  }

  /** Starts accepting connections, each served by {@code connection} on a thread of its own. */
  static LoopbackSocketServer start(Consumer<Socket> connection) throws IOException {
    LoopbackSocketServer started =
        new LoopbackSocketServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    started.threads.execute(() -> started.accept(connection));
    return started;
  }

  /** {@code http://127.0.0.1:port}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }

  private void accept(Consumer<Socket> connection) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        threads.execute(() -> connection.accept(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }
}
