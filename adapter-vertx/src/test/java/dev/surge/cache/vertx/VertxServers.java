package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.ContractApplication;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts Vert.x with its blocked-thread checker at a tight limit (an event loop may run a task for at most
 * 1 s, checked every 20 ms; the default is 2 s) and remembers every blocked-thread event once a server is
 * serving, so that each test can fail on any. Blocks while servers start or Vert.x closes are not counted:
 * that is Vert.x and Netty loading, setting up and tearing down on the event loop (starting threads, for
 * one), which a loaded machine can stretch past the limit, not anything the adapter does with a request. The
 * limit is 1 s rather than less for the same reason: on a machine running many builds at once, a thread that
 * is merely not scheduled for a few hundred milliseconds is reported too, while an adapter that waited on the
 * event loop for a render, a latch or a lock the tests hold would block for seconds.
 */
final class VertxServers {

  private final Vertx vertx;
  private final List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();
  private volatile boolean serving;

  VertxServers() {
    this.vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(1000)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (serving) {
        blocked.add(event);
      }
    });
  }

  /** Deploys {@code instances} verticles serving {@code app} on one port, each with a cache from {@code caches}. */
  URI deploy(Supplier<HttpCache> caches, ContractApplication app, int instances) throws Exception {
    int port = freePort();
    vertx.deployVerticle(() -> new ContractVerticle(caches, app, port), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    serving = true;
    return URI.create("http://127.0.0.1:" + port);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Closes Vert.x and asserts that no event loop was blocked while serving. */
  void closeAndCheckNothingBlocked() throws Exception {
    serving = false;
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(blocked).as("blocked event-loop threads").isEmpty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
