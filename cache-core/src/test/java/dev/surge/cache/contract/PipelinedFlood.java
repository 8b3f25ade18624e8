package dev.surge.cache.contract;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Sends many GETs fast over a few concurrent, kept-alive HTTP/1.1 connections, writing them in pipelined batches and
 * reading every response back, so a test can push tens of thousands of requests through a real server in a
 * few seconds. Bounded: it sends exactly the requests it is asked for and stops.
 */
final class PipelinedFlood {

  private static final int CONNECTIONS = 4;
  private static final int BATCH = 64;

  private final RawHttp server;
  private final String host;

  /** A flood at {@code server}, naming {@code host} in every {@code Host} field. */
  PipelinedFlood(RawHttp server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Sends the targets {@code target.apply(0)} to {@code target.apply(count - 1)} spread over the connections,
   * and returns how many responses had a status other than 200.
   */
  int send(int count, IntFunction<String> target) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Future<Integer>> failures = new ArrayList<>();
      for (int connection = 0; connection < CONNECTIONS; connection++) {
        int first = connection;
        failures.add(threads.submit(() -> sendEvery(first, count, target)));
      }
      int failed = 0;
      for (Future<Integer> connection : failures) {
        failed += connection.get();
      }
      return failed;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Sends the targets {@code first}, {@code first + CONNECTIONS}, ... in pipelined batches on kept-alive
   * connections; when a server closes a connection (Tomcat does after 100 requests), the requests it left
   * unanswered go again on a new one.
   */
  private int sendEvery(int first, int count, IntFunction<String> target) throws Exception {
    List<String> targets = new ArrayList<>();
    for (int index = first; index < count; index += CONNECTIONS) {
      targets.add(target.apply(index));
    }
    int failed = 0;
    int next = 0;
    while (next < targets.size()) {
      try (Socket socket = server.open()) {
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        boolean open = true;
        while (open && next < targets.size()) {
          int end = Math.min(next + BATCH, targets.size());
          StringBuilder batch = new StringBuilder();
          for (String each : targets.subList(next, end)) {
            batch.append("GET ").append(each).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n\r\n");
          }
          out.write(batch.toString().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          while (open && next < end) {
            RawHttp.Response response = RawHttp.Response.read(in, false);
            failed += response.status() == 200 ? 0 : 1;
            next++;
            open = !response.header("Connection").orElse("").equalsIgnoreCase("close");
          }
        }
      }
    }
    return failed;
  }
}
