package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * A page with {@code Vary}, shared between two instances: an instance that never rendered the page learns its
 * {@code Vary} from the shared tier and is served the variant its request selects, and only that one.
 */
class VaryAcrossInstancesTest {

  private static final String PAGE = "/greeting?vary=Accept-Language";

  @Test
  void anInstanceThatNeverRenderedAVaryingPageIsServedTheVariantItsRequestSelects() throws Exception {
    try (SharedTierPair fleet = SharedTierPair.start("vary")) {
      assertThat(fleet.a().get(PAGE, "Accept-Language", "fr")).endsWith("by A #1 for fr");
      await().until(() -> fleet.a().redis().stats().tierStores() == 1);

      assertThat(fleet.b().get(PAGE, "Accept-Language", "fr")).endsWith("by A #1 for fr");
      assertThat(fleet.b().renders(PAGE)).isZero();

      assertThat(fleet.b().get(PAGE, "Accept-Language", "de")).endsWith("by B #1 for de");
      await().until(() -> fleet.b().redis().stats().tierStores() == 1);
      assertThat(fleet.a().get(PAGE, "Accept-Language", "de")).endsWith("by B #1 for de");
      assertThat(fleet.a().get(PAGE, "Accept-Language", "fr")).endsWith("by A #1 for fr");
      assertThat(fleet.a().renders(PAGE)).isEqualTo(1);
    }
  }

  @Test
  void responsesWithAnEmptyVaryAreSharedAndNeverStopLaterPuts() throws Exception {
    try (SharedTierPair fleet = SharedTierPair.start("vary-empty")) {
      int pages = 70; // more than the puts that may be in flight at once
      for (int i = 0; i < pages; i++) {
        fleet.a().get("/empty-vary/" + i + "?vary=");
      }
      fleet.a().get("/plain");

      await().until(() -> fleet.a().redis().stats().tierStores() == pages + 1);
      assertThat(fleet.a().redis().stats().tierPutsDropped()).isZero();
      assertThat(fleet.b().get("/plain")).isEqualTo("rendered /plain by A #1");
    }
  }

  @Test
  void compressedVariantsAreSharedSoAnotherInstanceServesThemWithoutRenderingOrCompressing() throws Exception {
    try (SharedTierPair fleet = SharedTierPair.start("variants")) {
      String page = "/compressible?bytes=4000";
      String identity = fleet.a().get(page);
      await().until(() -> fleet.a().redis().stats().tierStores() == 1);

      HttpResponse<byte[]> gzip = fleet.b().getResponse(page, "Accept-Encoding", "gzip");
      HttpResponse<byte[]> plain = fleet.b().getResponse(page);

      assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(identity);
      }
      assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(identity);
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(fleet.b().renders(page)).isZero();
    }
  }
}
