package dev.surge.cache.vertx;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;
import java.net.http.HttpClient;

/** The adapter contract over cleartext HTTP/2 (h2c, upgraded from HTTP/1.1 by the JDK client). */
class VertxHttp2ContractTest extends AdapterContract {

  private VertxServers servers;

  @Override
  protected HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_2;
  }

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
