package dev.surge.cache;

import static dev.surge.cache.TestRequests.get;
import static dev.surge.cache.TestRequests.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.RequestDecision.Hit;
import dev.surge.cache.RequestDecision.NotModified;
import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import dev.surge.cache.contract.CompressionRoutes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Compressed variants in the policy: which responses get them, what each variant's fields say, how a request's
 * {@code Accept-Encoding} picks one, and application-encoded bodies decoded once for clients that need identity.
 */
class CachePolicyCompressionTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String PAGE = page(4000);

  private final CachePolicy policy = HttpCache.builder().build().policy();

  /** An HTML page of about {@code length} characters, varied like a real one. */
  static String page(int length) {
    SplittableRandom random = new SplittableRandom(length);
    List<String> words = List.of("surge", "cache", "page", "<li>", "</li>", "hit", "news", "article", "the", "of");
    StringBuilder html = new StringBuilder("<!doctype html><html><body><ul>");
    while (html.length() < length) {
      html.append(words.get(random.nextInt(words.size()))).append(random.nextInt(100)).append(' ');
    }
    return html.append("</ul></body></html>").toString();
  }

  static byte[] gunzip(byte[] encoded) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CapturedResponse response(byte[] body, String... headers) {
    CapturedResponse.Builder response = CapturedResponse.builder().status(200);
    for (int i = 0; i < headers.length; i += 2) {
      response.header(headers[i], headers[i + 1]);
    }
    return response.body(body).build();
  }

  private static CapturedResponse html(String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "text/html; charset=utf-8";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return response(body.getBytes(StandardCharsets.UTF_8), all);
  }

  private CachedResponse stored(CachePolicy policy, CapturedResponse response) {
    StoreDecision decision = policy.onResponse(NOW, get("/page").build(), response);
    assertThat(decision).isInstanceOf(Store.class);
    return ((Store) decision).entry();
  }

  private CachedResponse stored(CapturedResponse response) {
    return stored(policy, response);
  }

  private CachedResponse served(CachedResponse entry, CacheRequest request) {
    RequestDecision decision = policy.onLookup(NOW, request, new CacheKey("GET", "http", "example.com", "/page", "", java.util.Map.of()), Optional.of(entry));
    if (decision instanceof NotModified notModified) {
      return notModified.response();
    }
    return ((Hit) decision).response();
  }

  @Test
  void aCompressiblePageIsStoredWithAGzipVariantThatDecodesToItsBody() {
    CachedResponse entry = stored(html(PAGE));

    assertThat(entry.codings()).containsExactly("gzip", "identity");
    CachedResponse gzip = entry.variant("gzip").orElseThrow();
    assertThat(gunzip(gzip.bodyBytes())).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(gzip.bodyLength()).isLessThan(entry.bodyLength());
    assertThat(gzip.headers().all("Content-Encoding")).containsExactly("gzip");
    assertThat(gzip.headers().all("Content-Length")).containsExactly(Integer.toString(gzip.bodyLength()));
    assertThat(entry.headers().all("Content-Length")).containsExactly(Integer.toString(entry.bodyLength()));
    assertThat(entry.headers().all("Vary")).containsExactly("Accept-Encoding");
    assertThat(gzip.headers().all("Vary")).containsExactly("Accept-Encoding");
  }

  @Test
  void eachVariantHasItsOwnStrongEtagAndAWeakOneIsShared() {
    CachedResponse generated = stored(html(PAGE));
    String identityTag = generated.etag().orElseThrow();
    assertThat(generated.variant("gzip").orElseThrow().etag())
        .hasValue(identityTag.substring(0, identityTag.length() - 1) + "-gzip\"");

    CachedResponse weak = stored(html(PAGE, "ETag", "W/\"v7\""));
    assertThat(weak.variant("gzip").orElseThrow().etag()).hasValue("W/\"v7\"");
  }

  @Test
  void theRequestsAcceptEncodingPicksTheVariantAndHeadAgreesWithGet() {
    CachedResponse entry = stored(html(PAGE));

    CachedResponse gzip = served(entry, get("/page").header("Accept-Encoding", "gzip, deflate, br, zstd").build());
    CachedResponse plain = served(entry, get("/page").build());
    CachedResponse refused = served(entry, get("/page").header("Accept-Encoding", "gzip;q=0").build());
    CachedResponse headGzip = served(entry, head("/page").header("Accept-Encoding", "gzip").build());

    assertThat(gunzip(gzip.bodyBytes())).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(plain.bodyBytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(plain.headers().first("Content-Encoding")).isEmpty();
    assertThat(refused.bodyBytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(headGzip.bodyLength()).isZero();
    assertThat(headGzip.headers().fields()).isEqualTo(gzip.headers().fields());
  }

  @Test
  void aConditionalRequestIsAnsweredPerVariant() {
    CachedResponse entry = stored(html(PAGE, "ETag", "\"v1\""));

    CachedResponse gzipRevalidated = served(entry,
        get("/page").header("Accept-Encoding", "gzip").header("If-None-Match", "\"v1-gzip\"").build());
    CachedResponse identityWithGzipTag = served(entry, get("/page").header("If-None-Match", "\"v1-gzip\"").build());
    CachedResponse gzipWithIdentityTag = served(entry,
        get("/page").header("Accept-Encoding", "gzip").header("If-None-Match", "\"v1\"").build());

    assertThat(gzipRevalidated.status()).isEqualTo(304);
    assertThat(gzipRevalidated.headers().first("ETag")).hasValue("\"v1-gzip\"");
    assertThat(gzipRevalidated.bodyLength()).isZero();
    assertThat(identityWithGzipTag.status()).isEqualTo(200);
    assertThat(identityWithGzipTag.bodyBytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(gzipWithIdentityTag.status()).isEqualTo(200);
    assertThat(gzipWithIdentityTag.headers().first("Content-Encoding")).hasValue("gzip");
  }

  @Test
  void smallUncompressibleNoTransformAndPartialResponsesGetNoVariants() {
    assertThat(stored(html(page(100))).hasVariants()).isFalse();
    assertThat(stored(response(PAGE.getBytes(StandardCharsets.UTF_8), "Content-Type", "image/png")).hasVariants())
        .isFalse();
    assertThat(stored(response(PAGE.getBytes(StandardCharsets.UTF_8))).hasVariants()).as("no Content-Type").isFalse();
    assertThat(stored(html(PAGE, "Cache-Control", "max-age=60, no-transform")).hasVariants()).isFalse();
    CachedResponse noTransform = stored(html(PAGE, "Cache-Control", "no-transform"));
    assertThat(noTransform.headers().all("Vary")).isEmpty();
  }

  @Test
  void aBodyThatDoesNotShrinkGetsNoVariant() {
    byte[] noise = new byte[4000];
    new SplittableRandom(7).nextBytes(noise);
    assertThat(stored(response(noise, "Content-Type", "text/plain")).hasVariants()).isFalse();
  }

  @Test
  void anApplicationGzippedBodyIsKeptAndItsIdentityDecodedOnceForClientsWithoutGzip() {
    byte[] identity = PAGE.getBytes(StandardCharsets.UTF_8);
    byte[] encoded = CompressionRoutes.gzip(identity);
    CachedResponse entry = stored(response(encoded,
        "Content-Type", "text/html", "Content-Encoding", "gzip", "ETag", "\"app\"", "Vary", "Accept-Encoding"));

    assertThat(entry.codings()).containsExactly("gzip", "identity");
    assertThat(entry.bodyBytes()).isEqualTo(encoded);
    CachedResponse plain = served(entry, get("/page").header("Accept-Encoding", "br").build());
    CachedResponse gzip = served(entry, get("/page").header("Accept-Encoding", "gzip").build());
    assertThat(plain.bodyBytes()).isEqualTo(identity);
    assertThat(plain.headers().first("Content-Encoding")).isEmpty();
    assertThat(plain.headers().first("ETag")).hasValue("\"app-identity\"");
    assertThat(gzip.bodyBytes()).isEqualTo(encoded);
    assertThat(gzip.headers().first("ETag")).hasValue("\"app\"");
    assertThat(policy.varyNames(entry)).as("one entry serves every Accept-Encoding").isEmpty();
  }

  @Test
  void anApplicationEncodedBodyTheCacheCannotDecodeIsNotStored() {
    byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
    CachePolicy gzipOnly = HttpCache.builder().compression(Compression.builder().codings("gzip").build())
        .build().policy();
    CacheRequest request = get("/page").build();

    assertThat(policy.onResponse(NOW, request, response(body, "Content-Encoding", "gzip")))
        .as("not a gzip body").isEqualTo(new Reject(RejectReason.CONTENT_CODING));
    assertThat(policy.onResponse(NOW, request, response(CompressionRoutes.gzip(body), "Content-Encoding", "gzip, br")))
        .as("stacked").isEqualTo(new Reject(RejectReason.CONTENT_CODING));
    assertThat(gzipOnly.onResponse(NOW, request, response(body, "Content-Encoding", "compress")))
        .as("unknown").isEqualTo(new Reject(RejectReason.CONTENT_CODING));
  }

  @Test
  void anApplicationBodyDecodingToMoreThanTheEntryLimitIsNotStored() {
    byte[] bomb = CompressionRoutes.gzip(new byte[200_000]);
    CachePolicy small = HttpCache.builder().maximumEntryBytes(ByteSize.ofKilobytes(64)).build().policy();

    assertThat(small.onResponse(NOW, get("/page").build(), response(bomb, "Content-Encoding", "gzip")))
        .isEqualTo(new Reject(RejectReason.CONTENT_CODING));
  }

  @Test
  void theLeakGuardSearchesTheDecodedBodyOfAnApplicationGzippedPage() {
    String token = "r3m3mb3r-m3-t0k3n";
    byte[] encoded = CompressionRoutes.gzip(("<p>" + token + "</p>" + PAGE).getBytes(StandardCharsets.UTF_8));
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + token).build();

    assertThat(policy.onResponse(NOW, request, response(encoded, "Content-Type", "text/html", "Content-Encoding", "gzip")))
        .isEqualTo(new Reject(RejectReason.CREDENTIAL_IN_BODY));
  }

  @Test
  void withCompressionOffBodiesAreStoredAsTheyAreAndAcceptEncodingStaysInTheKey() {
    CachePolicy off = HttpCache.builder().compression(Compression.off()).build().policy();
    CachedResponse page = stored(off, html(PAGE));
    CachedResponse encoded = stored(off, response(CompressionRoutes.gzip(PAGE.getBytes(StandardCharsets.UTF_8)),
        "Content-Encoding", "gzip", "Vary", "Accept-Encoding"));

    assertThat(page.hasVariants()).isFalse();
    assertThat(page.headers().all("Vary")).isEmpty();
    assertThat(encoded.hasVariants()).isFalse();
    assertThat(off.varyNames(encoded)).containsExactly("accept-encoding");
  }

  @Test
  void theVariantsBytesCountInTheEntrysSize() {
    CachedResponse entry = stored(html(PAGE));
    CachedResponse identityOnly = entry.newBuilder().noVariants().build();

    assertThat(entry.size().bytes() - identityOnly.size().bytes())
        .isGreaterThanOrEqualTo(entry.variant("gzip").orElseThrow().bodyLength());
  }

  @Test
  void variantsSurviveRevalidationWithTheUpdatedFields() {
    CachedResponse entry = stored(html(PAGE, "ETag", "\"v1\"", "X-Version", "1"));
    CachedResponse updated = entry.newBuilder()
        .headers(entry.headers().with("X-Version", "2")).build();

    assertThat(updated.variant("gzip").orElseThrow().headers().first("X-Version")).hasValue("2");
    assertThat(updated.variant("gzip").orElseThrow().body()).isEqualTo(entry.variant("gzip").orElseThrow().body());
  }

  @Test
  void variantsAreComparedByTheirBytesAndCannotRepeatTheOwnCoding() {
    CachedResponse entry = stored(html(PAGE));
    byte[] other = entry.variant("gzip").orElseThrow().bodyBytes();
    other[other.length - 1] ^= 1;

    assertThat(entry.newBuilder().build()).isEqualTo(entry);
    assertThat(entry.newBuilder().noVariants().variant("gzip", other).build()).isNotEqualTo(entry);
    assertThatThrownBy(() -> entry.newBuilder().variant("identity", new byte[1]).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownCodingsAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> Compression.builder().codings("lzma"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surge-compression");
  }
}
