package dev.surge.cache.vertx;

/** The adapter contract over HTTP/1.1 against two verticle instances sharing a port and one store. */
class VertxSharedStoreContractTest extends VertxContractTestBase {

  @Override
  int instances() {
    return 2;
  }
}
