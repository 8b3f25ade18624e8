package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, persisting nothing, in a temporary
 * directory: started, killed and restarted on the same port by the tests, stopped after them.
 */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path directory;
  private Process process;

  private RedisServer(int port, Path directory) {
    this.port = port;
    this.directory = directory;
  }

  /** Starts a redis-server on a free loopback port, persisting nothing, in a temporary directory. */
  public static RedisServer start() throws IOException {
    RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("surge-redis-test"));
    server.launch();
    return server;
  }

  /** The server's {@code redis://} URI. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Kills the server at once, as a crash would (SIGKILL): nothing is flushed, connections just break. */
  void kill() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing redis-server", interrupted);
    }
  }

  /** Stops the process without closing anything (SIGSTOP): connections stay open and nothing is answered. */
  void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a {@linkplain #freeze() frozen} server go on (SIGCONT). */
  void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("kill " + signal + " exited with " + exit);
    }
  }

  /** Starts a new, empty server on the same port. */
  void restart() throws IOException {
    launch();
  }

  @Override
  public void close() throws IOException {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(List.of(
            "redis-server",
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory.toString(),
            "--enable-debug-command", "local"))
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
    await("redis-server on port " + port).atMost(Duration.ofSeconds(20)).until(this::answersPing);
  }

  private boolean answersPing() {
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + directory);
    }
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
