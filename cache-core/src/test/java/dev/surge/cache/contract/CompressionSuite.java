package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.ByteSize;
import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Compressed variants through a real adapter (see {@link dev.surge.cache.Compression}): a stored page is served
 * in the coding each client's {@code Accept-Encoding} prefers, with its own length and {@code ETag}, decoding
 * to exactly the bytes the application sent; HEAD and 304 agree with the variant; an application-gzipped
 * page reaches a client without gzip decoded; one entry serves every spelling of {@code Accept-Encoding};
 * the variants count against the store's bytes.
 */
public interface CompressionSuite extends ContractSuite {

  /** What browsers send. */
  String BROWSER = "gzip, deflate, br, zstd";

  /** The identity bytes of {@code body} in {@code coding}, decoded by the JDK for gzip. */
  private static byte[] decoded(String coding, byte[] body) throws IOException {
    if (coding.equals("gzip")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    return Compression.defaults().decoder(coding).orElseThrow().decode(body, 64 << 20);
  }

  private static String encodingOf(HttpResponse<byte[]> response) {
    return response.headers().firstValue("Content-Encoding").orElse("identity");
  }

  /** Asserts the response's {@code Content-Length} is its body's length. */
  private static void assertLengthMatches(HttpResponse<byte[]> response) {
    assertThat(response.headers().firstValue("Content-Length").map(Long::parseLong))
        .hasValue((long) response.body().length);
  }

  @Test
  default void aStoredPageIsServedInTheCodingTheClientPrefersDecodingToTheApplicationsBytes() throws Exception {
    serve();
    String page = CompressionRoutes.PREFIX + "html/a";
    HttpResponse<byte[]> miss = get(page);
    awaitStores(1);

    HttpResponse<byte[]> browser = get(page, "Accept-Encoding", BROWSER);
    HttpResponse<byte[]> gzip = get(page, "Accept-Encoding", "gzip");
    HttpResponse<byte[]> plain = get(page);

    assertThat(miss.body()).isEqualTo(CompressionRoutes.page(page, 1));
    assertThat(miss.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(encodingOf(browser)).isIn(Compression.defaults().codings());
    assertThat(decoded(encodingOf(browser), browser.body())).isEqualTo(miss.body());
    assertThat(browser.body().length).isLessThan(miss.body().length / 2);
    assertThat(encodingOf(gzip)).isEqualTo("gzip");
    assertThat(decoded("gzip", gzip.body())).isEqualTo(miss.body());
    assertThat(plain.body()).isEqualTo(miss.body());
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    for (HttpResponse<byte[]> hit : List.of(browser, gzip, plain)) {
      assertLengthMatches(hit);
      assertThat(hit.headers().allValues("Vary")).contains("Accept-Encoding");
    }
    assertThat(app().renders(page)).isEqualTo(1);
    assertThat(cache().stats().hits()).isEqualTo(3);
  }

  @Test
  default void qValuesWildcardsAndExcludedIdentityAreHonoured() throws Exception {
    serve(builder -> builder.compression(Compression.builder().codings("gzip").build()));
    String page = CompressionRoutes.PREFIX + "html/q";
    get(page);
    awaitStores(1);

    assertThat(encodingOf(get(page, "Accept-Encoding", "gzip;q=0"))).isEqualTo("identity");
    assertThat(encodingOf(get(page, "Accept-Encoding", "identity;q=0, gzip"))).isEqualTo("gzip");
    assertThat(encodingOf(get(page, "Accept-Encoding", "*"))).isEqualTo("gzip");
    assertThat(encodingOf(get(page, "Accept-Encoding", "br;q=1, gzip;q=0.5"))).isEqualTo("gzip");
    assertThat(encodingOf(get(page, "Accept-Encoding", "identity, gzip;q=0.5"))).isEqualTo("identity");
    assertThat(encodingOf(get(page, "Accept-Encoding", "deflate"))).isEqualTo("identity");
    assertThat(app().renders(page)).isEqualTo(1);
  }

  @Test
  default void oneEntryServesEverySpellingOfAcceptEncoding() throws Exception {
    HttpCache cache = serve();
    String page = CompressionRoutes.PREFIX + "html/spellings";
    List<String> spellings = List.of("gzip", "gzip, deflate", "deflate, gzip", "GZIP;q=1", "gzip;q=0.9, x-foo");
    get(page, "Accept-Encoding", BROWSER);
    awaitStores(1);

    for (String spelling : spellings) {
      HttpResponse<byte[]> hit = get(page, "Accept-Encoding", spelling);
      assertThat(encodingOf(hit)).as(spelling).isEqualTo("gzip");
    }
    assertThat(app().renders(page)).isEqualTo(1);
    assertThat(cache.stats().entries()).isEqualTo(1);
  }

  @Test
  default void headAgreesWithGetForEachVariant() throws Exception {
    serve();
    String page = CompressionRoutes.PREFIX + "html/head";
    get(page);
    awaitStores(1);

    for (String acceptEncoding : List.of("gzip", "identity")) {
      HttpResponse<byte[]> full = get(page, "Accept-Encoding", acceptEncoding);
      HttpResponse<byte[]> head = send("HEAD", page, "Accept-Encoding", acceptEncoding);

      assertThat(head.body()).isEmpty();
      for (String field : List.of("Content-Length", "Content-Encoding", "ETag", "Vary", "Content-Type")) {
        assertThat(head.headers().allValues(field)).as(acceptEncoding + " " + field)
            .isEqualTo(full.headers().allValues(field));
      }
    }
  }

  @Test
  default void eachVariantIsRevalidatedByItsOwnEtagAndA304CarriesNoBody() throws Exception {
    serve();
    String page = CompressionRoutes.PREFIX + "tagged";
    get(page);
    awaitStores(1);
    HttpResponse<byte[]> gzip = get(page, "Accept-Encoding", "gzip");
    HttpResponse<byte[]> plain = get(page);
    String gzipTag = gzip.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> notModified = get(page, "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
    HttpResponse<byte[]> otherVariant = get(page, "If-None-Match", gzipTag);
    HttpResponse<byte[]> identityTagAskingForGzip = get(page, "Accept-Encoding", "gzip", "If-None-Match", "\"c1\"");

    assertThat(plain.headers().firstValue("ETag")).hasValue("\"c1\"");
    assertThat(gzipTag).isEqualTo("\"c1-gzip\"");
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().firstValue("ETag")).hasValue(gzipTag);
    assertThat(notModified.headers().firstValue("Content-Length").orElse("0")).isEqualTo("0");
    assertThat(otherVariant.statusCode()).isEqualTo(200);
    assertThat(otherVariant.body()).isEqualTo(plain.body());
    assertThat(identityTagAskingForGzip.statusCode()).isEqualTo(200);
    assertThat(identityTagAskingForGzip.body()).isEqualTo(gzip.body());
    assertThat(app().renders(page)).isEqualTo(1);
  }

  @Test
  default void anApplicationGzippedPageReachesAClientWithoutGzipDecoded() throws Exception {
    serve();
    String page = CompressionRoutes.PREFIX + "app-gzip";
    HttpResponse<byte[]> miss = get(page, "Accept-Encoding", "gzip");
    awaitStores(1);

    HttpResponse<byte[]> plain = get(page, "Accept-Encoding", "deflate");
    HttpResponse<byte[]> gzip = get(page, "Accept-Encoding", "gzip");

    byte[] identity = CompressionRoutes.page(page, 1);
    assertThat(miss.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(decoded("gzip", miss.body())).isEqualTo(identity);
    assertThat(plain.body()).isEqualTo(identity);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertLengthMatches(plain);
    assertThat(gzip.body()).isEqualTo(miss.body());
    assertThat(app().renders(page)).isEqualTo(1);
  }

  @Test
  default void uncompressibleTypesAreServedAsTheyAre() throws Exception {
    serve();
    String page = CompressionRoutes.PREFIX + "image";
    HttpResponse<byte[]> miss = get(page);
    awaitStores(1);

    HttpResponse<byte[]> hit = get(page, "Accept-Encoding", BROWSER);

    assertThat(hit.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(hit.headers().allValues("Vary")).doesNotContain("Accept-Encoding");
  }

  @Test
  default void withCompressionOffAHitIsTheIdentityBodyWhateverTheClientAccepts() throws Exception {
    serve(builder -> builder.compression(Compression.off()));
    String page = CompressionRoutes.PREFIX + "html/off";
    HttpResponse<byte[]> miss = get(page);
    awaitStores(1);

    HttpResponse<byte[]> hit = get(page, "Accept-Encoding", BROWSER);

    assertThat(hit.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(app().renders(page)).isEqualTo(1);
  }

  @Test
  default void theVariantsCountAgainstTheStoresBytesWhichStayWithinTheirBound() throws Exception {
    ByteSize bound = ByteSize.ofKilobytes(128);
    HttpCache cache = serve(builder -> builder.maximumBytes(bound).maximumEntryBytes(ByteSize.ofKilobytes(16)));
    String first = CompressionRoutes.PREFIX + "html/bound-0";
    get(first);
    awaitStores(1);
    int gzipBytes = get(first, "Accept-Encoding", "gzip").body().length;
    assertThat(cache.stats().bytes().bytes())
        .isGreaterThanOrEqualTo((long) CompressionRoutes.page(first, 1).length + gzipBytes);

    for (int i = 1; i < 40; i++) {
      get(CompressionRoutes.PREFIX + "html/bound-" + i);
      assertThat(cache.stats().bytes().bytes()).isLessThanOrEqualTo(bound.bytes());
    }
    assertThat(cache.stats().entries()).as("not all 40 pages fit").isLessThan(40);
  }
}
