package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link AcceptEncoding}: RFC 9110 §12.5.3 negotiation among the codings an entry holds. */
class AcceptEncodingTest {

  private static final List<String> HELD = List.of("zstd", "br", "gzip", "identity");

  private static String select(String... values) {
    return AcceptEncoding.of(List.of(values)).select(HELD);
  }

  @Test
  void aRequestWithoutTheFieldGetsIdentity() {
    assertThat(AcceptEncoding.of(List.of()).select(HELD)).isEqualTo("identity");
  }

  @Test
  void anEmptyFieldAcceptsIdentityOnly() {
    assertThat(select("")).isEqualTo("identity");
  }

  @Test
  void equalQualitiesAreBrokenByTheEntrysPreference() {
    assertThat(select("gzip, deflate, br, zstd")).isEqualTo("zstd");
    assertThat(select("gzip, br")).isEqualTo("br");
    assertThat(select("gzip")).isEqualTo("gzip");
  }

  @Test
  void aHigherQualityWinsOverPreference() {
    assertThat(select("zstd;q=0.5, gzip")).isEqualTo("gzip");
    assertThat(select("zstd;q=0.5, gzip;q=0.501")).isEqualTo("gzip");
    assertThat(select("zstd;q=0.001, gzip;q=0")).isEqualTo("zstd");
  }

  @Test
  void qZeroExcludesACodingAndAnUnlistedOneIsNotAccepted() {
    assertThat(select("gzip;q=0, deflate")).isEqualTo("identity");
    assertThat(select("deflate, compress")).isEqualTo("identity");
  }

  @Test
  void theWildcardCoversEveryCodingNotListed() {
    assertThat(select("*")).isEqualTo("zstd");
    assertThat(select("*, zstd;q=0, br;q=0")).isEqualTo("gzip");
    assertThat(select("gzip;q=0.2, *;q=0.1")).isEqualTo("gzip");
  }

  @Test
  void identityIsAcceptableUnlessExcludedAndIsSentWhenNothingElseIs() {
    assertThat(AcceptEncoding.of(List.of("gzip;q=0")).quality("identity")).isPositive();
    assertThat(AcceptEncoding.of(List.of("identity;q=0")).quality("identity")).isZero();
    assertThat(AcceptEncoding.of(List.of("*;q=0")).quality("identity")).isZero();
    assertThat(AcceptEncoding.of(List.of("*;q=0, identity")).quality("identity")).isEqualTo(1000);
    assertThat(select("gzip;q=0.001")).as("identity not listed ranks lowest").isEqualTo("gzip");
    // nothing the entry holds is acceptable: RFC 9110 §12.5.3 lets the server send identity
    assertThat(select("identity;q=0, deflate")).isEqualTo("identity");
  }

  @Test
  void identityIsPreferredWhenItHasTheHigherQuality() {
    assertThat(select("identity, gzip;q=0.5")).isEqualTo("identity");
  }

  @Test
  void codingsAndTheWeightNameAreCaseInsensitiveAndXGzipIsGzip() {
    assertThat(select("GZip;Q=1")).isEqualTo("gzip");
    assertThat(select("x-gzip")).isEqualTo("gzip");
  }

  @Test
  void malformedElementsAreLeftOutAndTheRestIsRead() {
    assertThat(select("zstd;q=2, gzip")).isEqualTo("gzip");
    assertThat(select("zstd;q=0.5x, gzip;q=0.1")).isEqualTo("gzip");
    assertThat(select("zstd;level=3, gzip;q=0.1")).isEqualTo("gzip");
    assertThat(select("zstd;q=1.001, br;q=.5, gzip;q=0.1")).isEqualTo("gzip");
    assertThat(select("z\"std, gzip;q=0.1")).isEqualTo("gzip");
    assertThat(select(",,gzip ,, ; ,")).isEqualTo("gzip");
  }

  @Test
  void severalFieldsAreOneList() {
    assertThat(AcceptEncoding.of(List.of("gzip;q=0.5", "br")).select(HELD)).isEqualTo("br");
  }

  @Test
  void anEntryHoldingOnlyAnApplicationCodingAndIdentityChoosesBetweenThem() {
    List<String> held = List.of("gzip", "identity");
    assertThat(AcceptEncoding.of(List.of("br, zstd")).select(held)).isEqualTo("identity");
    assertThat(AcceptEncoding.of(List.of("gzip")).select(held)).isEqualTo("gzip");
  }

  /**
   * Generated fields: random codings with random weights, spelled with random case and whitespace; the coding
   * chosen always has the highest weight the field gives any held coding, the entry's preference breaking
   * ties, and identity (ranked lowest unless listed) when no held coding has a weight above zero.
   */
  @Test
  void generatedFieldsAlwaysSelectTheBestAcceptableHeldCoding() {
    SplittableRandom random = new SplittableRandom(20261207);
    List<String> pool = List.of("gzip", "br", "zstd", "deflate", "compress", "identity", "*");
    for (int round = 0; round < 20_000; round++) {
      Map<String, Integer> weights = new HashMap<>();
      List<String> elements = new ArrayList<>();
      int count = random.nextInt(5);
      for (int i = 0; i < count; i++) {
        String coding = pool.get(random.nextInt(pool.size()));
        if (weights.containsKey(coding)) {
          continue;
        }
        int weight = random.nextInt(4) == 0 ? 1000 : random.nextInt(1001);
        weights.put(coding, weight);
        elements.add(spell(random, coding, weight));
      }
      String field = String.join(random.nextBoolean() ? "," : " ,\t", elements);

      String chosen = AcceptEncoding.of(List.of(field)).select(HELD);

      int best = 0;
      String expected = "identity";
      for (String held : HELD) {
        int weight = weights.getOrDefault(held, weights.getOrDefault("*", held.equals("identity") ? 1 : 0));
        if (weight > best) {
          best = weight;
          expected = held;
        }
      }
      assertThat(chosen).as("Accept-Encoding: %s", field).isEqualTo(expected);
    }
  }

  private static String spell(SplittableRandom random, String coding, int weight) {
    String name = random.nextBoolean() ? coding : coding.toUpperCase(java.util.Locale.ROOT);
    if (weight == 1000 && random.nextBoolean()) {
      return name;
    }
    String q = weight == 1000 ? (random.nextBoolean() ? "1" : "1.000") : "0." + String.format("%03d", weight);
    return name + (random.nextBoolean() ? ";" : " ; ") + (random.nextBoolean() ? "q=" : "Q=") + q;
  }
}
