package dev.surge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Varnish Cache in front of an upstream on loopback: the second reverse-proxy cache Surge is compared with, as
 * Debian packages it (its default jail, thread pools and shared-memory log), with malloc storage. Found on the
 * machine or not at all; the harness skips it with a message when absent. While open, {@code varnishd} listens on
 * {@link #port()} and keeps every page the upstream sends for {@link Harness#HIT_ROW_TTL}, whatever the upstream's
 * {@code Cache-Control} says. Closing stops {@code varnishd} (its manager and the cache process under it) and
 * deletes its directory; a {@code varnishd} still running when this JVM exits is stopped on the way out.
 *
 * <p>One tuning, the one {@code varnishd(1)} asks of performance-critical setups: its working directory (the
 * shared-memory log and statistics it writes on every request) is on a RAM-backed file system, {@code /dev/shm},
 * where the machine has one; otherwise in the default temporary directory.
 */
final class VarnishPeer implements ReverseProxy {

  /** Room for every page of the harness's rows many times over (the zipf row's 1,000 pages are about 2 MB). */
  private static final String STORAGE = "malloc,512m";

  private final Process process;
  private final Path directory;
  private final int port;
  private final Thread stopOnExit;

  private VarnishPeer(Process process, Path directory, int port, Thread stopOnExit) {
    this.process = process;
    this.directory = directory;
    this.port = port;
    this.stopOnExit = stopOnExit;
  }

  /** The varnishd binary, when installed. */
  static Optional<Path> binary() {
    return ReverseProxy.installed("/usr/sbin/varnishd", "/usr/bin/varnishd", "/usr/local/sbin/varnishd");
  }

  /**
   * Starts varnishd in the foreground (pinned to core 0 when {@code pin}) caching what {@code upstreamPort}
   * answers; returns once it accepts connections, or stops it and throws with what it printed.
   */
  static VarnishPeer start(Path binary, int upstreamPort, boolean pin) throws Exception {
    // readable by the users varnishd's jail switches to, which read the VCL and write the working directory
    Path directory = Files.createTempDirectory(temporaryRoot(), "surge-varnish",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path vcl = directory.resolve("surge.vcl");
    Files.writeString(vcl, """
        vcl 4.1;
        backend upstream { .host = "127.0.0.1"; .port = "%d"; }
        sub vcl_backend_response {
          set beresp.ttl = %ds;
          set beresp.grace = 0s;
          return (deliver);
        }
        """.formatted(upstreamPort, Harness.HIT_ROW_TTL.toSeconds()));
    Files.setPosixFilePermissions(vcl, PosixFilePermissions.fromString("rw-r--r--"));
    int port = ReverseProxy.freePort();
    List<String> command = new ArrayList<>();
    if (pin) {
      command.addAll(List.of("taskset", "-c", "0"));
    }
    command.addAll(List.of(binary.toString(), "-F", "-n", directory.resolve("work").toString(),
        "-a", "127.0.0.1:" + port, "-f", vcl.toString(), "-s", STORAGE));
    Path log = directory.resolve("varnishd.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread stopOnExit = new Thread(() -> stopAndDelete(process, directory), "stop varnishd");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    VarnishPeer varnish = new VarnishPeer(process, directory, port, stopOnExit);
    try {
      if (!ReverseProxy.startsListening(port, process, Duration.ofSeconds(30))) {
        throw new IllegalStateException("varnishd did not start listening on " + port + ":\n" + Files.readString(log));
      }
      return varnish;
    } catch (Exception failed) {
      varnish.close();
      throw failed;
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException exiting) {
      // the hook is running or about to: it stops varnishd too, and doing it twice is harmless
    }
    stopAndDelete(process, directory);
  }

  /**
   * Asks varnishd to stop (its manager then stops the cache process and exits), at most 30 s, then kills what is
   * left of both; then deletes the directory.
   */
  private static void stopAndDelete(Process process, Path directory) {
    List<ProcessHandle> cacheProcesses = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    cacheProcesses.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException failed) {
      throw new UncheckedIOException("could not delete varnishd's directory " + directory, failed);
    }
  }

  private static Path temporaryRoot() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
