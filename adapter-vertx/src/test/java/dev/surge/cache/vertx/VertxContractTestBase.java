package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;

/** The adapter contract against {@link ContractVerticle} instances on one port, under the blocked-thread checker. */
abstract class VertxContractTestBase extends AdapterContract {

  private VertxServers servers;

  /** How many verticle instances share the port. */
  abstract int instances();

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    servers = new VertxServers();
    return servers.deploy(() -> cache, app, instances());
  }

  @Override
  protected void stop() throws Exception {
    servers.closeAndCheckNothingBlocked();
  }
}
