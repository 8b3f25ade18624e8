package dev.surge.cache.vertx;

import java.net.http.HttpClient;

/** The adapter contract with the per-verticle store scope over cleartext HTTP/2. */
class VertxPerVerticleStoreHttp2ContractTest extends VertxContractTestBase {

  @Override
  int instances() {
    return 1;
  }

  @Override
  protected HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_2;
  }
}
