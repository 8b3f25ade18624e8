package dev.surge.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Load from wrk (the Debian package {@code wrk}), a C client that sends several times what one Vert.x event
 * loop can, for the harness rows whose servers outrun the Vert.x generator. The paths are drawn in Java (the
 * same Zipf draws as the Vert.x generator) and replayed in order by a small Lua script, which also prints
 * wrk's whole latency record (each distinct latency in microseconds, with its count) for an HdrHistogram
 * here. Loopback only.
 */
final class WrkLoad {

  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern FAILURES = Pattern.compile("(Non-2xx or 3xx responses|Socket errors):");
  /** One line the script prints per latency wrk saw: microseconds and how many requests took that long. */
  private static final Pattern LATENCY_COUNT = Pattern.compile("^latency-us (\\d+) (\\d+)$", Pattern.MULTILINE);
  /** The fewest paths drawn ahead, and the most: four per distinct page in between. */
  private static final int FEWEST_DRAWS = 4096;
  private static final int MOST_DRAWS = 400_000;

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
   * What one run measured: requests per second (0 when any request failed or got an error status) and every
   * request's latency in microseconds.
   */
  record Result(double requestsPerSecond, Histogram latencyMicros) { }

  /**
   * Sends {@code pages} (drawn ahead: four per distinct page, at least {@value #FEWEST_DRAWS} and at most {@value
   * #MOST_DRAWS}), each request with the header fields {@code headers}, to {@code base} over {@code connections}
   * connections from one thread for {@code duration}.
   */
  Result run(URI base, PathDraw pages, Map<String, String> headers, int connections, Duration duration)
      throws IOException, InterruptedException {
    if (!"127.0.0.1".equals(base.getHost())) {
      throw new IllegalArgumentException("load is only ever sent to loopback, not " + base);
    }
    Path script = Files.createTempFile("surge-wrk", ".lua");
    try {
      int draws = (int) Math.max(FEWEST_DRAWS, Math.min(MOST_DRAWS, 4L * pages.distinct()));
      Files.writeString(script, script(pages.paths(), draws, headers), StandardCharsets.UTF_8);
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
      double perSecond = FAILURES.matcher(output).find() ? 0 : Double.parseDouble(rate.group(1));
      return new Result(perSecond, latencies(output));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** {@code text} as a Lua string literal. */
  private static String luaString(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The latencies the script printed; none when no request completed. */
  static Histogram latencies(String output) {
    Histogram latency = new Histogram(3);
    Matcher line = LATENCY_COUNT.matcher(output);
    while (line.find()) {
      latency.recordValueWithCount(Long.parseLong(line.group(1)), Long.parseLong(line.group(2)));
    }
    return latency;
  }

  /** The script: {@code draws} paths drawn ahead, requested in turn, each with {@code headers}. */
  static String script(Supplier<String> paths, int draws, Map<String, String> headers) {
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (int i = 0; i < draws; i++) {
      lua.append("  ").append(luaString(paths.get())).append(",\n");
    }
    lua.append("}\nlocal headers = {\n");
    headers.forEach((name, value) -> lua.append("  [").append(luaString(name)).append("] = ")
        .append(luaString(value)).append(",\n"));
    lua.append("""
        }
        local next = 0
        request = function()
          next = next % #paths + 1
          return wrk.format("GET", paths[next], headers)
        end
        done = function(summary, latency, requests)
          for i = 1, #latency do
            local us, count = latency(i)
            io.write(string.format("latency-us %d %d\\n", us, count))
          end
        end
        """);
    return lua.toString();
  }
}
