package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;

/**
 * The adapter contract over HTTP/1.1 against two verticle instances sharing a port and one store, under the
 * blocked-thread checker.
 */
class VertxSharedStoreContractTest extends AdapterContract {

  private VertxServers servers;

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    servers = new VertxServers();
    return servers.deploy(() -> cache, app, 2);
  }

  @Override
  protected void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }
}
