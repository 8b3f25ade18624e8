package dev.surge.cache.vertx;

import java.net.http.HttpClient;

/** The adapter contract over cleartext HTTP/2 (h2c, upgraded from HTTP/1.1 by the JDK client). */
class VertxHttp2ContractTest extends VertxContractTestBase {

  @Override
  int instances() {
    return 2;
  }

  @Override
  protected HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_2;
  }
}
