package dev.surge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One server the harness measures, up until closed: a {@link HarnessTarget} in its own JVM (pinned to core 0
 * when asked), or nginx's {@code proxy_cache} or Varnish in front of such a JVM; or another hidden subcommand of
 * the demo that keeps the same protocol (prints {@code READY <port>}, serves until its standard input closes).
 * Always on loopback.
 */
final class RunningTarget implements AutoCloseable {

  private final String label;
  private final URI base;
  private final Process server;
  private final BufferedReader output;
  private final AutoCloseable front;

  private RunningTarget(String label, URI base, Process server, BufferedReader output, AutoCloseable front) {
    this.label = label;
    this.base = base;
    this.server = server;
    this.output = output;
    this.front = front;
  }

  /** A harness server of {@code kind} on {@code adapter}, with extra {@code options} for it. */
  static RunningTarget start(String adapter, HarnessTarget.Kind kind, boolean pin, String... options)
      throws Exception {
    return start(kind.name().toLowerCase(Locale.ROOT), adapter, kind, pin, options);
  }

  /** As {@link #start(String, HarnessTarget.Kind, boolean, String...)}, labelled {@code label}. */
  static RunningTarget start(String label, String adapter, HarnessTarget.Kind kind, boolean pin, String... options)
      throws Exception {
    Process server = startJvm(adapter, kind, pin, options);
    try {
      BufferedReader output = outputOf(server);
      return new RunningTarget(label, loopback(awaitReady(output)), server, output, () -> { });
    } catch (Exception failed) {
      stop(server);
      throw failed;
    }
  }

  /**
   * The demo's subcommand {@code arguments} (its name first) in its own JVM, labelled {@code label}: a server
   * that prints {@code READY <port>} once listening and serves until its standard input closes.
   */
  static RunningTarget subcommand(String label, List<String> arguments) throws Exception {
    Process server = startJvm(false, arguments);
    try {
      BufferedReader output = outputOf(server);
      return new RunningTarget(label, loopback(awaitReady(output)), server, output, () -> { });
    } catch (Exception failed) {
      stop(server);
      throw failed;
    }
  }

  /** nginx ({@code binary}) caching with {@code proxy_cache} in front of a no-cache server on {@code adapter}. */
  static RunningTarget nginx(Path binary, String adapter, boolean pin) throws Exception {
    return nginx(binary, adapter, pin, false);
  }

  /**
   * As {@link #nginx(Path, String, boolean)}, with nginx also compressing every response it sends when {@code
   * gzip} (see {@link NginxPeer#start}), in front of a no-cache server with extra {@code upstreamOptions}.
   */
  static RunningTarget nginx(Path binary, String adapter, boolean pin, boolean gzip, String... upstreamOptions)
      throws Exception {
    return inFrontOfNoCache(gzip ? "nginx gzip" : "nginx", adapter, pin,
        upstreamPort -> NginxPeer.start(binary, upstreamPort, pin, gzip), upstreamOptions);
  }

  /**
   * Varnish ({@code binary}, see {@link VarnishPeer}) caching in front of a no-cache server on {@code adapter}, both
   * pinned to core 0 when {@code pin}.
   */
  static RunningTarget varnish(Path binary, String adapter, boolean pin) throws Exception {
    return inFrontOfNoCache("varnish", adapter, pin, upstreamPort -> VarnishPeer.start(binary, upstreamPort, pin));
  }

  /** What {@code proxy} starts, labelled {@code label}, in front of a no-cache server with {@code upstreamOptions}. */
  private static RunningTarget inFrontOfNoCache(String label, String adapter, boolean pin, ProxyStart proxy,
      String... upstreamOptions) throws Exception {
    Process upstream = startJvm(adapter, HarnessTarget.Kind.NOCACHE, pin, upstreamOptions);
    try {
      BufferedReader output = outputOf(upstream);
      ReverseProxy front = proxy.start(awaitReady(output));
      return new RunningTarget(label, loopback(front.port()), upstream, output, front);
    } catch (Exception failed) {
      stop(upstream);
      throw failed;
    }
  }

  /** Starts a reverse proxy in front of the upstream listening on {@code upstreamPort}. */
  @FunctionalInterface
  private interface ProxyStart {
    ReverseProxy start(int upstreamPort) throws Exception;
  }

  /**
   * What this server is: constant, constant_headers, nocache, surge, ehcache, nginx, varnish, or the label it was
   * given.
   */
  String label() {
    return label;
  }

  URI base() {
    return base;
  }

  /** The Java server's process (for nginx and Varnish, the upstream's), whose CPU the miss row reads. */
  ProcessHandle process() {
    return server.toHandle();
  }

  /**
   * What the server's application and cache have done so far: asks over its standard input and reads the answer
   * from its output, printing any other line it finds there first under the server's label.
   */
  RenderCounts counts() throws IOException {
    server.getOutputStream().write("counts\n".getBytes(StandardCharsets.US_ASCII));
    server.getOutputStream().flush();
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.startsWith(RenderCounts.PREFIX)) {
        return RenderCounts.parse(line);
      }
      System.out.printf(Locale.ROOT, "    %s %s%n", label, line);
    }
    throw new IllegalStateException("the " + label + " server exited before it told its counts");
  }

  /** Stops the server and prints, under its label, what it printed on its way out (its cache's counters). */
  @Override
  public void close() throws Exception {
    try {
      front.close();
    } finally {
      stop(server);
    }
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      System.out.printf(Locale.ROOT, "    %s %s%n", label, line);
    }
  }

  private static URI loopback(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  private static Process startJvm(String adapter, HarnessTarget.Kind kind, boolean pin, String... options)
      throws Exception {
    List<String> arguments = new ArrayList<>(List.of("harness-target", "--adapter", adapter, "--kind", kind.name()));
    arguments.addAll(List.of(options));
    return startJvm(pin, arguments);
  }

  private static Process startJvm(boolean pin, List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>();
    if (pin) {
      command.addAll(List.of("taskset", "-c", "0"));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SurgeDemo.class.getName()));
    command.addAll(arguments);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static BufferedReader outputOf(Process server) {
    return new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
  }

  private static int awaitReady(BufferedReader lines) throws Exception {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("READY ")) {
        return Integer.parseInt(line.substring("READY ".length()).trim());
      }
    }
    throw new IllegalStateException("the harness server exited before it was ready");
  }

  /** Closes the server's standard input, which ends it, and waits for it (at most 30 s, then kills it). */
  private static void stop(Process server) throws Exception {
    server.getOutputStream().close();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }
}
