package dev.surge.cache.servlet;

/** The adapter contract on embedded Jetty 12.1 (ee11). */
class JettyContractTest extends ServletContractTestBase {

  @Override
  EmbeddedContainer container() {
    return new JettyContainer();
  }
}
