package dev.surge.cache.vertx;

/**
 * The adapter contract with the per-verticle store scope: the verticle builds its own cache in its
 * {@code start} (here the suite's, so the suite can inspect it). One instance, so every request meets that
 * store; {@link VertxAdapterTest#perVerticleStoresAreKeptApart} shows several instances with stores of their
 * own.
 */
class VertxPerVerticleStoreContractTest extends VertxContractTestBase {

  @Override
  int instances() {
    return 1;
  }
}
