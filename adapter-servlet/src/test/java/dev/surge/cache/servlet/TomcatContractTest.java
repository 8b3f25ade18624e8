package dev.surge.cache.servlet;

/** The adapter contract on embedded Tomcat 11. */
class TomcatContractTest extends ServletContractTestBase {

  @Override
  EmbeddedContainer container() {
    return new TomcatContainer();
  }
}
