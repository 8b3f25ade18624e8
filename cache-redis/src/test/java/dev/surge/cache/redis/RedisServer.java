package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real Redis of the test's own, on a free loopback port, persisting nothing: started, killed and restarted
 * on the same port by the tests, stopped after them.
 *
 * <p>Found the way a Java developer expects: a {@code redis-server} on the PATH (what CI installs); else, where
 * Docker works and Testcontainers is on the test classpath, a Redis container; else the tests fail with one
 * line naming the fix ({@link #NOT_FOUND}). The system property {@value #BINARY_PROPERTY} names another
 * binary to look for, on the PATH or as a path.
 */
public final class RedisServer implements AutoCloseable {

  /** The system property naming the binary to look for instead of {@code redis-server}. */
  static final String BINARY_PROPERTY = "surge.test.redisServer";

  /** Why the tests cannot run, and what to install. */
  static final String NOT_FOUND = "cache-redis tests need redis-server on the PATH (Debian/Ubuntu: apt-get install"
      + " redis-server; macOS: brew install redis) or a working Docker";

  private final int port;
  private final RedisRunner runner;

  private RedisServer(int port, RedisRunner runner) {
    this.port = port;
    this.runner = runner;
  }

  /** Starts a Redis on a free loopback port, persisting nothing. */
  public static RedisServer start() throws IOException {
    int port = freePort();
    Optional<Path> binary = onPath(System.getProperty(BINARY_PROPERTY, "redis-server"), System.getenv("PATH"));
    RedisServer server = new RedisServer(port, switch (source(binary, RedisServer::dockerWorks)) {
      case PATH -> new LocalRedis(binary.orElseThrow(), port);
      case DOCKER -> new DockerRedis(port);
    });
    server.launch();
    return server;
  }

  /** Where the tests' Redis comes from. */
  enum Source { PATH, DOCKER }

  /**
   * {@link Source#PATH} when a binary was found, else {@link Source#DOCKER} when Docker works (asked only
   * then: finding out can take seconds).
   *
   * @throws IllegalStateException with the message {@link #NOT_FOUND} when neither
   */
  static Source source(Optional<Path> binary, BooleanSupplier dockerWorks) {
    if (binary.isPresent()) {
      return Source.PATH;
    }
    if (dockerWorks.getAsBoolean()) {
      return Source.DOCKER;
    }
    throw new IllegalStateException(NOT_FOUND);
  }

  /**
   * The executable {@code name} in one of the directories of {@code path} (a PATH value), or {@code name}
   * itself when it is a path to an executable.
   */
  static Optional<Path> onPath(String name, String path) {
    try {
      if (name.contains(File.separator)) {
        return Optional.of(Path.of(name)).filter(Files::isExecutable);
      }
      for (String directory : (path == null ? "" : path).split(File.pathSeparator)) {
        if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
          return Optional.of(Path.of(directory, name));
        }
      }
    } catch (InvalidPathException unusable) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether Testcontainers is on the classpath (the Spring adapter's tests go without) and finds Docker. */
  private static boolean dockerWorks() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, RedisServer.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      return false;
    }
    return DockerRedis.dockerWorks();
  }

  /** The server's {@code redis://} URI. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** What {@code commands} make of a connection of their own, as an operator's {@code redis-cli} would. */
  <T> T admin(Function<RedisCommands<String, String>, T> commands) {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return commands.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }

  /**
   * How many times this server ran the command {@code name} (lower case), on its own or from a script, since
   * it started or its statistics were last reset ({@code CONFIG RESETSTAT}).
   */
  long commandCalls(String name) {
    String stats = admin(redis -> redis.info("commandstats"));
    return stats.lines()
        .filter(line -> line.startsWith("cmdstat_" + name + ":calls="))
        .mapToLong(line -> Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(','))))
        .sum();
  }

  /** Kills the server at once, as a crash would (SIGKILL): nothing is flushed, connections just break. */
  void kill() throws IOException {
    runner.kill();
  }

  /** Stops the server without closing anything (SIGSTOP): connections stay open and nothing is answered. */
  void freeze() throws IOException, InterruptedException {
    runner.freeze();
  }

  /** Lets a {@linkplain #freeze() frozen} server go on (SIGCONT). */
  void thaw() throws IOException, InterruptedException {
    runner.thaw();
  }

  /** Starts a new, empty server on the same port. */
  void restart() throws IOException {
    launch();
  }

  @Override
  public void close() throws IOException {
    runner.remove();
  }

  private void launch() throws IOException {
    runner.start();
    await("Redis on port " + port).atMost(Duration.ofSeconds(20)).until(this::answersPing);
  }

  private boolean answersPing() {
    runner.checkRunning();
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
