package dev.surge.cache.vertx;

import java.net.http.HttpClient;

/**
 * The adapter contract with a store shared by two verticle instances, over cleartext HTTP/2 (h2c, upgraded
 * from HTTP/1.1 by the JDK client).
 */
class VertxSharedStoreHttp2ContractTest extends VertxContractTestBase {

  @Override
  int instances() {
    return 2;
  }

  @Override
  protected HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_2;
  }
}
