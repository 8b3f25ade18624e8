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
 * 200 ms, checked every 20 ms; the default is 2 s) and remembers every blocked-thread event, so that each
 * test can fail on any.
 */
final class VertxServers {

  private final Vertx vertx;
  private final List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();

  VertxServers() {
    this.vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(blocked::add);
  }

  /** Deploys {@code instances} verticles serving {@code app} on one port, each with a cache from {@code caches}. */
  URI deploy(Supplier<HttpCache> caches, ContractApplication app, int instances) throws Exception {
    int port = freePort();
    vertx.deployVerticle(() -> new ContractVerticle(caches, app, port), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + port);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Closes Vert.x and asserts that no event loop was ever blocked. */
  void closeAndCheckNothingBlocked() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(blocked).as("blocked event-loop threads").isEmpty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
