package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.diff.Behaviour;
import dev.surge.cache.diff.DifferentialSuite;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The differential transparency suite on Vert.x 5: {@link DiffVerticle} deployed twice on one Vert.x (two
 * event loops, under the blocked-thread checker of {@link VertxServers}), once behind {@link HttpCacheHandler}
 * and once alone.
 */
class VertxDifferentialTest extends DifferentialSuite {

  private VertxServers servers;

  @Override
  protected URI start(long seed, HttpCache cache) throws Exception {
    if (servers == null) {
      servers = new VertxServers();
    }
    DiffVerticle verticle = new DiffVerticle(seed, cache);
    servers.vertx().deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + verticle.port());
  }

  @Override
  protected void stopAll() throws Exception {
    if (servers != null) {
      VertxServers started = servers;
      servers = null;
      started.closeAndCheckNothingBlocked();
    }
  }

  /**
   * Not a body shorter than its declared length: Vert.x then ends the response as if it were whole and keeps
   * the connection open, and every client waits for the missing bytes until its bound, with or without Surge.
   */
  @Override
  protected boolean supports(Behaviour behaviour) {
    return behaviour.declaredLength() != Behaviour.DeclaredLength.SHORT;
  }
}
