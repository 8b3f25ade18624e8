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
 * 200 ms, checked every 20 ms; the default is 2 s) and remembers every event that shows Surge's or the test
 * application's code blocking an event loop, so that each test can fail on any.
 *
 * <p>Reports that say nothing about the adapter are not counted: those raised while servers start or
 * Vert.x closes (Vert.x and Netty loading, setting up and tearing down on the event loop), those whose thread
 * is not running any {@code dev.surge} code when looked at, and those whose thread is runnable rather than
 * waiting, unless for more than {@value #BUSY_LIMIT_MILLIS} ms: on a machine running many builds at once, a
 * thread that is merely not scheduled for a few hundred milliseconds is reported too. What the check is
 * for, an adapter or handler waiting on the event loop for a render, a latch or a lock, is a thread inside
 * {@code dev.surge} code, waiting, and is caught after 200 ms.
 */
final class VertxServers {

  private static final long BUSY_LIMIT_MILLIS = 2_000;

  private final Vertx vertx;
  private final List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();
  /** True while servers start or Vert.x closes: reports then are about Vert.x itself. */
  private volatile boolean settingUp;

  VertxServers() {
    this.vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (!settingUp && runsSurgeCode(event.thread()) && (waiting(event.thread()) || busyTooLong(event))) {
        blocked.add(event);
      }
    });
  }

  /** Deploys {@code instances} verticles serving {@code app} on one port, each with a cache from {@code caches}. */
  URI deploy(Supplier<HttpCache> caches, ContractApplication app, int instances) throws Exception {
    return deploy(caches, app, instances, false);
  }

  /** Deploys one verticle serving {@code app} behind {@code cache} on a server that compresses responses itself. */
  URI deployCompressing(HttpCache cache, ContractApplication app) throws Exception {
    return deploy(() -> cache, app, 1, true);
  }

  private URI deploy(Supplier<HttpCache> caches, ContractApplication app, int instances, boolean serverCompression)
      throws Exception {
    int port = freePort();
    settingUp = true;
    vertx.deployVerticle(() -> new ContractVerticle(caches, app, port, serverCompression),
            new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    settingUp = false;
    return URI.create("http://127.0.0.1:" + port);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Closes Vert.x and asserts that no event loop was blocked by Surge or test code. */
  void closeAndCheckNothingBlocked() throws Exception {
    settingUp = true;
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(blocked).as("blocked event-loop threads").isEmpty();
  }

  private static boolean waiting(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
  }

  private static boolean busyTooLong(BlockedThreadEvent event) {
    return event.duration() > TimeUnit.MILLISECONDS.toNanos(BUSY_LIMIT_MILLIS);
  }

  private static boolean runsSurgeCode(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.surge.")) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
