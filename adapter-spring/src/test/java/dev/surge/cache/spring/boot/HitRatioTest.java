package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.spring.CacheResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hit ratio counts only requests Surge could serve: those of handlers without {@code @CacheResponse} and
 * those of the actuator are bypasses of their own reason, not misses.
 */
class HitRatioTest {

  /** One cached page per id, and one page that is never cached. */
  @RestController
  static class Pages {
    @GetMapping("/pages/{id}")
    @CacheResponse(ttl = "5m")
    String page(@PathVariable String id) {
      return "page " + id;
    }

    @GetMapping("/plain")
    String plain() {
      return "plain";
    }
  }

  @BootAppWithoutSecurity
  @Import(Pages.class)
  static class PagesApplication {}

  private static RunningApplication app;

  @BeforeAll
  static void start() {
    app = RunningApplication.start(PagesApplication.class, "management.endpoints.web.exposure.include=surgecache");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void requestsOfUndeclaredHandlersAndTheActuatorAreBypassesNotMisses() throws Exception {
    for (String path : new String[] {"/pages/1", "/pages/2"}) {
      long settled = app.settled();
      app.get(path);
      app.awaitSettledBeyond(settled);
      assertThat(app.get(path).body()).isEqualTo("page " + path.substring(7));
    }
    long settled = app.settled();
    for (int i = 0; i < 5; i++) {
      assertThat(app.get("/plain").statusCode()).isEqualTo(200);
      assertThat(app.get("/actuator/surgecache").statusCode()).isEqualTo(200);
    }
    app.awaitSettledBeyond(settled + 9);

    JsonNode stats = JsonMapper.shared().readTree(app.get("/actuator/surgecache").body());

    assertThat(stats.get("hits").asLong()).isEqualTo(2);
    assertThat(stats.get("misses").asLong()).isEqualTo(2);
    assertThat(stats.get("hitRatio").asDouble()).isEqualTo(0.5);
    assertThat(stats.get("bypasses").get("not_cacheable").asLong()).isEqualTo(10);
    assertThat(stats.get("rejections").size()).isZero();
    MeterRegistry meters = app.context().getBean(MeterRegistry.class);
    assertThat(meters.get("surge.cache.requests").tag("result", "hit").functionCounter().count()).isEqualTo(2);
    assertThat(meters.get("surge.cache.requests").tag("result", "miss").functionCounter().count()).isEqualTo(2);
    assertThat(meters.get("surge.cache.requests").tag("result", "bypass").functionCounter().count())
        .isBetween(10.0, 11.0);
  }
}
