package dev.surge.cache.servlet;

import dev.surge.cache.HttpCache;
import dev.surge.cache.contract.AdapterContract;
import dev.surge.cache.contract.ContractApplication;
import java.net.URI;

/** The adapter contract through {@link HttpCacheFilter} on embedded Jetty 12.1 (ee11). */
class JettyContractTest extends AdapterContract {

  private final JettyContainer container = new JettyContainer();

  @Override
  protected URI start(HttpCache cache, ContractApplication app) throws Exception {
    return container.start(new HttpCacheFilter(cache), new ContractServlet(app));
  }

  @Override
  protected void stop() throws Exception {
    container.stop();
  }
}
