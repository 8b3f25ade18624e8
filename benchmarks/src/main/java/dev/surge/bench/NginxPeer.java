package dev.surge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * nginx with {@code proxy_cache} in front of an upstream on loopback: the reverse-proxy cache Surge is
 * compared with. Found on the machine or not at all; the harness skips it with a message when absent.
 */
final class NginxPeer implements ReverseProxy {

  /** nginx's gzip filter as configured for the compression rows: on every response it sends, cached or not. */
  private static final String GZIP = "gzip on; gzip_comp_level 6; gzip_min_length 256;"
      + " gzip_types application/json; gzip_vary on;";

  private final Process process;
  private final int port;

  private NginxPeer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The nginx binary, when installed. */
  static Optional<Path> binary() {
    return ReverseProxy.installed("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx");
  }

  /**
   * Starts nginx (pinned to core 0 when {@code pin}) caching what {@code upstreamPort} answers for as long as the
   * harness's hit rows keep a page; with {@code gzip}, also compressing each response it sends, HTML and JSON of
   * 256 bytes and more, at level 6 (Surge's gzip level), with {@code Vary: Accept-Encoding}.
   */
  static NginxPeer start(Path binary, int upstreamPort, boolean pin, boolean gzip) throws Exception {
    Path prefix = Files.createTempDirectory("surge-nginx");
    Files.createDirectories(prefix.resolve("logs"));
    int port = ReverseProxy.freePort();
    Files.writeString(prefix.resolve("nginx.conf"), """
        user root;
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log error;
        events { worker_connections 4096; }
        http {
          access_log off;
          proxy_cache_path %1$s/cache levels=1:2 keys_zone=surge:16m max_size=256m inactive=10m use_temp_path=off;
          upstream app { server 127.0.0.1:%2$d; keepalive 64; }
          %5$s
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://app;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_cache surge;
              proxy_cache_valid 200 %4$ds;
              proxy_cache_lock on;
            }
          }
        }
        """.formatted(prefix, upstreamPort, port, Harness.HIT_ROW_TTL.toSeconds(), gzip ? GZIP : ""));
    List<String> command = new ArrayList<>();
    if (pin) {
      command.addAll(List.of("taskset", "-c", "0"));
    }
    command.addAll(List.of(binary.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
    if (!ReverseProxy.startsListening(port, process, Duration.ofSeconds(10))) {
      throw new IllegalStateException("nginx did not start listening on " + port);
    }
    return new NginxPeer(process, port);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
  }
}
