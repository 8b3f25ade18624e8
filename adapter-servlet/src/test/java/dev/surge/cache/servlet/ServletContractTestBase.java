package dev.surge.cache.servlet;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;

/** The adapter contract through {@link HttpCacheFilter} on one embedded container. */
abstract class ServletContractTestBase extends AdapterContract {

  private final EmbeddedContainer container = container();

  /** The container this run uses. */
  abstract EmbeddedContainer container();

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    return container.start(new HttpCacheFilter(cache), new ContractServlet(app));
  }

  @Override
  protected void stop() throws Exception {
    container.stop();
  }
}
