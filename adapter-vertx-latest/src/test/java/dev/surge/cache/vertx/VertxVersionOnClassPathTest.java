package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

/**
 * Guarantees that this module's run of the adapter suite really meets the newer Vert.x: the Vert.x core and
 * web jars on the test class path carry the version the build asked for ({@code vertx.latest.version}), so
 * a change in the order of the BOM imports cannot quietly fall back to the pinned {@code vertx.version}.
 */
class VertxVersionOnClassPathTest {

  @Test
  void vertxCoreAndWebAreTheVersionUnderTest() {
    String expected = System.getProperty("surge.expected.vertx.version");
    String core = Vertx.class.getPackage().getImplementationVersion();
    String web = Router.class.getPackage().getImplementationVersion();
    System.out.println("adapter-vertx suite on Vert.x core " + core + ", web " + web);

    assertThat(expected).as("surge.expected.vertx.version, set by the pom").isNotBlank();
    assertThat(core).as("vertx-core").isEqualTo(expected);
    assertThat(web).as("vertx-web").isEqualTo(expected);
  }
}
