package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binary formats on their own: what is encoded decodes to an equal value, and anything else decodes to
 * nothing without throwing. Generated cases each draw from {@code new Random(caseSeed)}, the case seeds from
 * {@code new Random(SEED)}; a failure names both, and {@code -Dsurge.test.seed=N} reruns the cases of seed N.
 */
class EntryCodecTest {

  private static final String ALPHABET = "abcXYZ019-._~/%?=&;: \"'\u00e9\u4e2d\ud83d\ude00";

  private static final long SEED = Long.getLong("surge.test.seed", 20261125L);

  static LongStream seeds() {
    return new Random(SEED).longs(100);
  }

  @Test
  void aTypicalEntryRoundTripsExactly() {
    CacheKey key = new CacheKey("GET", "https", "www.example.com", "/docs/a", "b=1", Map.of("accept-encoding", "gzip"));
    CachedResponse response = CachedResponse.builder()
        .status(200)
        .headers(ResponseHeaders.builder().add("Content-Type", "text/html").add("ETag", "\"x\"").build())
        .body("<p>hello</p>".getBytes(StandardCharsets.UTF_8))
        .storedAt(Instant.parse("2026-11-25T10:15:30.123456789Z"))
        .freshnessLifetime(Duration.ofSeconds(60))
        .initialAge(Duration.ofSeconds(5))
        .revalidationWindow(Duration.ofMinutes(10))
        .conditionalFields(ResponseHeaders.builder().add("If-None-Match", "\"x\"").build())
        .tags(Set.of("docs", "team-a"))
        .build();

    EntryCodec.Entry decoded = EntryCodec.decode(EntryCodec.encode(key, response)).orElseThrow();

    assertThat(decoded.key()).isEqualTo(key);
    assertThat(decoded.response()).isEqualTo(response);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generatedEntriesRoundTripExactly(long seed) {
    Random random = new Random(seed);
    CacheKey key = randomKey(random);
    CachedResponse response = randomResponse(random);

    Optional<EntryCodec.Entry> decoded = EntryCodec.decode(EntryCodec.encode(key, response));

    assertThat(decoded).as("-Dsurge.test.seed=" + SEED + ", case seed %d", seed).isPresent();
    assertThat(decoded.get().key()).as("-Dsurge.test.seed=" + SEED + ", case seed %d", seed).isEqualTo(key);
    assertThat(decoded.get().response()).as("-Dsurge.test.seed=" + SEED + ", case seed %d", seed).isEqualTo(response);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void truncationsAFlippedBitAndTrailingBytesOfAGeneratedEntryAreMisses(long seed) {
    Random random = new Random(seed);
    byte[] value = EntryCodec.encode(randomKey(random), randomResponse(random));

    for (int length = 0; length < value.length; length += length < 512 ? 1 : 1 + random.nextInt(4096)) {
      assertThat(EntryCodec.decode(Arrays.copyOf(value, length))).as("-Dsurge.test.seed=" + SEED + ", case seed %d, first %d bytes", seed, length).isEmpty();
    }
    int bit = random.nextInt(value.length * 8);
    byte[] flipped = value.clone();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThat(EntryCodec.decode(flipped)).as("-Dsurge.test.seed=" + SEED + ", case seed %d, bit %d flipped", seed, bit).isEmpty();
    byte[] longer = Arrays.copyOf(value, value.length + 1);
    assertThat(EntryCodec.decode(longer)).as("-Dsurge.test.seed=" + SEED + ", case seed %d, a trailing byte", seed).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytesNeverThrowAndDecodeToNothing(long seed) {
    Random random = new Random(seed);
    byte[] garbage = new byte[random.nextInt(200)];
    random.nextBytes(garbage);
    if (garbage.length > 3 && random.nextBoolean()) { // a right header, so the checksum is what stops it
      garbage[0] = 'S';
      garbage[1] = 'G';
      garbage[2] = EntryCodec.VERSION;
    }

    assertThat(EntryCodec.decode(garbage)).as("-Dsurge.test.seed=" + SEED + ", case seed %d", seed).isEmpty();
    assertThat(PurgeMessage.decode(garbage)).as("-Dsurge.test.seed=" + SEED + ", case seed %d", seed).isEmpty();
  }

  @Test
  void anotherVersionIsAMissEvenWithAValidChecksum() {
    byte[] value = EntryCodec.encode(new CacheKey("GET", "http", "h", "/", "", Map.of()), CachedResponse.builder().build());
    value[2] = (byte) (EntryCodec.VERSION + 1);

    assertThat(EntryCodec.decode(value)).isEmpty();
  }

  @Test
  void equalKeysAndOnlyThemShareTheirIdAndEveryVariantSharesItsResourcesPrefix() {
    CacheKey plain = new CacheKey("GET", "http", "h", "/a?b", "", Map.of());
    CacheKey query = new CacheKey("GET", "http", "h", "/a", "b", Map.of());
    CacheKey variant = new CacheKey("GET", "http", "h", "/a", "b", Map.of("accept", "x"));

    assertThat(RedisTier.idOf(plain)).isNotEqualTo(RedisTier.idOf(query));
    assertThat(RedisTier.idOf(query)).isEqualTo(RedisTier.idOf(new CacheKey("GET", "http", "h", "/a", "b", Map.of())));
    assertThat(RedisTier.idOf(variant)).isNotEqualTo(RedisTier.idOf(query))
        .startsWith(RedisTier.resourceIdOf(query));
    assertThat(RedisTier.idOf(query)).startsWith(RedisTier.resourceIdOf(query));
  }

  @Test
  void entriesOfOnePathAndQueryShareTheStartOfTheirIdOnEveryHostAndOthersDoNot() {
    CacheKey here = new CacheKey("GET", "http", "h", "/a", "b", Map.of());
    CacheKey there = new CacheKey("GET", "https", "other:8443", "/a", "b", Map.of("accept", "x"));
    CacheKey otherQuery = new CacheKey("GET", "http", "h", "/a", "c", Map.of());
    String queryStart = RedisTier.idOf(here).substring(0, RedisTier.idOf(here).indexOf('.') + 1);

    assertThat(RedisTier.idOf(there)).startsWith(queryStart);
    assertThat(RedisTier.idOf(otherQuery)).doesNotStartWith(queryStart);
  }

  @Test
  void everyKindOfPurgeMessageRoundTrips() {
    for (Purge purge : new Purge[] {
        new Purge.Resource(new CacheKey("GET", "https", "h:8443", "/p", "q=1", Map.of())),
        new Purge.PathPrefix("/docs/"), new Purge.Path("/p", ""), new Purge.Path("/p", "q=\u00e9"), new Purge.Tag("team-\u00e9"), Purge.ALL}) {
      PurgeMessage message = new PurgeMessage("origin-1", purge);
      assertThat(PurgeMessage.decode(message.encode())).contains(message);
    }
  }

  private static CacheKey randomKey(Random random) {
    Map<String, String> headers = new TreeMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      headers.put(text(random, 1, 10), text(random, 0, 20));
    }
    return new CacheKey(random.nextBoolean() ? "GET" : "HEAD", random.nextBoolean() ? "http" : "https",
        text(random, 1, 30), "/" + text(random, 0, 60), text(random, 0, 40), headers);
  }

  private static CachedResponse randomResponse(Random random) {
    ResponseHeaders.Builder headers = ResponseHeaders.builder();
    for (int i = random.nextInt(6); i > 0; i--) {
      headers.add("X-" + (char) ('a' + random.nextInt(26)), text(random, 0, 30));
    }
    Set<String> tags = new LinkedHashSet<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      tags.add(text(random, 1, 12));
    }
    byte[] body = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 100 : 70_000)];
    random.nextBytes(body);
    // a third hold compressed variants, half of those in an application's gzip with identity decoded beside
    List<String> variantCodings = List.of();
    if (random.nextInt(3) == 0) {
      boolean applicationGzip = random.nextBoolean();
      if (applicationGzip) {
        headers.add("Content-Encoding", "gzip");
      }
      variantCodings = applicationGzip ? List.of("zstd", "identity") : List.of("zstd", "br", "gzip");
    }
    CachedResponse.Builder response = CachedResponse.builder();
    for (String coding : variantCodings) {
      byte[] variant = new byte[random.nextInt(5_000)];
      random.nextBytes(variant);
      response.variant(coding, variant);
    }
    return response
        .status(100 + random.nextInt(900))
        .headers(headers.build())
        .body(body)
        .storedAt(Instant.ofEpochSecond(random.nextInt() * 8L, random.nextInt(1_000_000_000)))
        .freshnessLifetime(Duration.ofSeconds(Math.abs(random.nextLong() >> 1), random.nextInt(1_000_000_000)))
        .initialAge(Duration.ofSeconds(random.nextInt(100_000), random.nextInt(1_000_000_000)))
        .revalidationWindow(Duration.ofSeconds(random.nextInt(100_000), random.nextInt(1_000_000_000)))
        .conditionalFields(random.nextBoolean() ? ResponseHeaders.empty()
            : ResponseHeaders.builder().add("If-None-Match", text(random, 0, 12)).add("If-Modified-Since", text(random, 0, 30)).build())
        .tags(tags)
        .build();
  }

  private static String text(Random random, int minimum, int maximum) {
    int[] codePoints = ALPHABET.codePoints().toArray();
    StringBuilder text = new StringBuilder();
    for (int length = minimum + random.nextInt(maximum - minimum + 1); length > 0; length--) {
      text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return text.toString();
  }

}
