package dev.surge.cache.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A {@code redis-server} process of the test's own, bound to loopback, in a temporary directory. */
final class LocalRedis implements RedisRunner {

  private final Path binary;
  private final int port;
  private final Path directory;
  private Process process;

  LocalRedis(Path binary, int port) throws IOException {
    this.binary = binary;
    this.port = port;
    this.directory = Files.createTempDirectory("surge-redis-test");
  }

  @Override
  public void start() throws IOException {
    process = new ProcessBuilder(List.of(
            binary.toString(),
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory.toString(),
            "--enable-debug-command", "local"))
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
  }

  @Override
  public void checkRunning() {
    if (!process.isAlive()) {
      throw new IllegalStateException(binary + " exited with " + process.exitValue() + "; see " + directory);
    }
  }

  @Override
  public void kill() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing redis-server", interrupted);
    }
  }

  @Override
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  @Override
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("kill " + signal + " exited with " + exit);
    }
  }

  @Override
  public void remove() throws IOException {
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
}
