package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;

/**
 * The adapter contract with the per-verticle store scope: the verticle builds its own cache in its
 * {@code start} (here the suite's, so the suite can inspect it). One instance, so every request meets that
 * store; {@link StoreScopeTest} shows several instances keeping stores of their own.
 */
class VertxPerVerticleStoreContractTest extends AdapterContract {

  private VertxServers servers;

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    servers = new VertxServers();
    return servers.deploy(() -> cache, app, 1);
  }

  @Override
  protected void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }
}
