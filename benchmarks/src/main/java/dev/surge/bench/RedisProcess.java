package dev.surge.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the fleet surge's own: on a free loopback port, persisting nothing, in a temporary
 * directory that {@link #close} removes. It can be killed as a crash would (SIGKILL) and started again, empty, on
 * the same port.
 */
final class RedisProcess implements AutoCloseable {

  private static final long READY_SECONDS = 20;

  private final Path binary;
  private final int port;
  private final Path directory;
  private Process process;

  private RedisProcess(Path binary, int port, Path directory) {
    this.binary = binary;
    this.port = port;
    this.directory = directory;
  }

  /** Starts {@code binary} (a path, or a name looked up on the PATH) on a free loopback port. */
  static RedisProcess start(String binary) throws IOException, InterruptedException {
    Path executable = locate(binary).orElseThrow(() -> new IllegalStateException(
        "the fleet surge needs " + binary + " (Debian/Ubuntu: apt-get install redis-server; macOS: brew install"
            + " redis), or --redis-server naming it"));
    RedisProcess redis = new RedisProcess(executable, freePort(), Files.createTempDirectory("surge-fleet-redis"));
    redis.launch();
    return redis;
  }

  /** The server's {@code redis://} URI. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server at once (SIGKILL): nothing is flushed, connections just break. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts a new, empty server on the same port, unless this one still runs. */
  void restartIfDead() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      launch();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private void launch() throws IOException, InterruptedException {
    process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", directory.toString()))
        .redirectErrorStream(true)
        .start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread log = new Thread(() -> readLog(ready), "redis-server log");
    log.setDaemon(true);
    log.start();
    if (!ready.await(READY_SECONDS, TimeUnit.SECONDS) || !process.isAlive()) {
      process.destroyForcibly();
      throw new IllegalStateException(binary + " did not become ready on port " + port);
    }
  }

  /** Reads the server's log to its end, which keeps it from blocking; counts down {@code ready} once it is. */
  private void readLog(CountDownLatch ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.contains("Ready to accept connections")) {
          ready.countDown();
        }
      }
    } catch (IOException gone) {
      // the server was killed while its log was read
    } finally {
      ready.countDown(); // the server exited: the launcher sees it is not alive
    }
  }

  private static Optional<Path> locate(String binary) {
    if (binary.contains(File.separator)) {
      return Optional.of(Path.of(binary)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, binary))) {
        return Optional.of(Path.of(directory, binary));
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
