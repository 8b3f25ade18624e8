package dev.surge.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from wrk (the Debian package {@code wrk}), a C client that sends several times what one Vert.x event
 * loop can, for the harness rows whose servers outrun the Vert.x generator. The paths are drawn in Java (the
 * same Zipf draws as the Vert.x generator) and replayed in order by a small Lua script. Loopback only.
 */
final class WrkLoad {

  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern FAILURES = Pattern.compile("(Non-2xx or 3xx responses|Socket errors):");
  private static final int DRAWS = 4096;

  private final Path binary;
  private final boolean pin;

  private WrkLoad(Path binary, boolean pin) {
    this.binary = binary;
    this.pin = pin;
  }

  /** wrk, when installed, run pinned to core 1 when {@code pin}. */
  static Optional<WrkLoad> find(boolean pin) {
    for (String candidate : List.of("/usr/bin/wrk", "/usr/local/bin/wrk")) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return Optional.of(new WrkLoad(path, pin));
      }
    }
    return Optional.empty();
  }

  /**
   * Sends {@code paths} (drawn ahead) to {@code base} over {@code connections} connections from one thread for
   * {@code duration}; returns the requests per second, or 0 when any request failed or got an error status.
   */
  double run(URI base, Supplier<String> paths, int connections, Duration duration) throws IOException,
      InterruptedException {
    if (!"127.0.0.1".equals(base.getHost())) {
      throw new IllegalArgumentException("load is only ever sent to loopback, not " + base);
    }
    Path script = Files.createTempFile("surge-wrk", ".lua");
    try {
      Files.writeString(script, script(paths), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      if (pin) {
        command.addAll(List.of("taskset", "-c", "1"));
      }
      command.addAll(List.of(binary.toString(), "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
          "-s", script.toString(), base.toString()));
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (wrk.waitFor() != 0) {
        throw new IOException("wrk failed: " + output);
      }
      Matcher rate = REQUESTS_PER_SECOND.matcher(output);
      if (!rate.find()) {
        throw new IOException("wrk printed no rate: " + output);
      }
      return FAILURES.matcher(output).find() ? 0 : Double.parseDouble(rate.group(1));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static String script(Supplier<String> paths) {
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (int i = 0; i < DRAWS; i++) {
      lua.append("  \"").append(paths.get()).append("\",\n");
    }
    lua.append("""
        }
        local next = 0
        request = function()
          next = next % #paths + 1
          return wrk.format("GET", paths[next])
        end
        """);
    return lua.toString();
  }
}
