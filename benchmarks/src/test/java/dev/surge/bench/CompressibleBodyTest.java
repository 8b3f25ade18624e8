package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.Compression;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The compression rows' bodies: the same bytes every time, of the sizes the docs state, compressing as real ones do. */
class CompressibleBodyTest {

  @Test
  void eachBodyIsTheSameOnEveryCallAndInEveryProcess() {
    for (CompressibleBody body : CompressibleBody.values()) {
      assertThat(body.bytes()).isEqualTo(body.bytes()).isNotSameAs(body.bytes());
    }
    // pinned: a changed generator changes the rows' numbers, and the docs must be measured again
    assertThat(CompressibleBody.HTML.bytes()).hasSize(20_563);
    assertThat(CompressibleBody.JSON.bytes()).hasSize(5_229);
  }

  @Test
  void theHtmlPageIsAWholeDocumentOfAbout20Kilobytes() {
    String html = new String(CompressibleBody.HTML.bytes(), StandardCharsets.UTF_8);

    assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n").contains("<article", "<table", "<figure");
    assertThat(html.length()).isBetween(19_000, 22_000);
  }

  @Test
  void theJsonDocumentParsesAndIsAbout5Kilobytes() {
    JsonObject json = new JsonObject(new String(CompressibleBody.JSON.bytes(), StandardCharsets.UTF_8));

    assertThat(json.getJsonArray("data")).hasSizeGreaterThan(10);
    assertThat(json.getJsonObject("meta").getInteger("perPage")).isEqualTo(json.getJsonArray("data").size());
    assertThat(CompressibleBody.JSON.bytes().length).isBetween(4_500, 5_800);
  }

  @Test
  void gzipTakesEachBodyToAQuarterOrSoAsWithRealPages() {
    for (CompressibleBody body : CompressibleBody.values()) {
      byte[] identity = body.bytes();
      int gzipped = Compression.builder().codings("gzip").build().encoders().get(0).encode(identity).length;

      assertThat(gzipped / (double) identity.length).as(body.label()).isBetween(0.18, 0.35);
    }
  }
}
