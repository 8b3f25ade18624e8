package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code redis-server} process of a test harness, in a temporary directory of its own, on a loopback port:
 * a master, replica or sentinel of {@link SentinelRedis}, a node of {@link ClusterRedis}. Asked things with
 * {@code redis-cli}, as an operator would. Needs {@code redis-server} and {@code redis-cli} on the PATH.
 */
final class RedisProcess implements AutoCloseable {

  private final int port;
  private final Path directory;
  private final Process process;

  private RedisProcess(int port, Path directory, Process process) {
    this.port = port;
    this.directory = directory;
    this.process = process;
  }

  /** A server on {@code port}, persisting nothing, with {@code settings} ({@code --name value ...}) added. */
  static RedisProcess server(int port, String... settings) throws IOException {
    Path directory = Files.createTempDirectory("surge-redis-" + port);
    List<String> command = new ArrayList<>(List.of(binary("redis-server"), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
    command.addAll(List.of(settings));
    return launch(port, directory, command);
  }

  /** A sentinel on {@code port} with the configuration {@code configuration} (a file it may rewrite). */
  static RedisProcess sentinel(int port, String configuration) throws IOException {
    Path directory = Files.createTempDirectory("surge-sentinel-" + port);
    Path file = directory.resolve("sentinel.conf");
    Files.writeString(file, "port " + port + "\nbind 127.0.0.1\ndir " + directory + "\n" + configuration);
    return launch(port, directory, List.of(binary("redis-server"), file.toString(), "--sentinel"));
  }

  private static RedisProcess launch(int port, Path directory, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
    RedisProcess started = new RedisProcess(port, directory, process);
    await("redis on port " + port).atMost(Duration.ofSeconds(20)).until(() -> started.cli("PING").equals("PONG"));
    return started;
  }

  int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** What {@code redis-cli} prints for {@code command} (trimmed), or throws when the process has exited. */
  String cli(String... command) throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("redis on port " + port + " exited with " + process.exitValue()
          + "; see " + directory.resolve("redis.log"));
    }
    return run(List.of(binary("redis-cli"), "-h", "127.0.0.1", "-p", Integer.toString(port)), command);
  }

  /** Runs {@code redis-cli} with {@code arguments} and no server of its own, e.g. {@code --cluster create}. */
  static String redisCli(String... arguments) throws IOException, InterruptedException {
    return run(List.of(binary("redis-cli")), arguments);
  }

  private static String run(List<String> prefix, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(arguments));
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    cli.waitFor();
    return output.trim();
  }

  /** Kills the process at once, as a crash would (SIGKILL). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Kills the process if it runs and removes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    kill();
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  /** A loopback port nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String binary(String name) {
    return RedisServer.onPath(name, System.getenv("PATH"))
        .orElseThrow(() -> new IllegalStateException(RedisServer.NOT_FOUND + "; this test needs " + name))
        .toString();
  }
}
