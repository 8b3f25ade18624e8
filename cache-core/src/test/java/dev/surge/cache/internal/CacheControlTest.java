package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheControlTest {

  private static final Duration TWO_TO_THE_THIRTY_ONE_SECONDS = Duration.ofSeconds(2147483648L);

  private static CacheControl parse(String... lines) {
    return CacheControl.parse(List.of(lines));
  }

  @Test
  void noHeaderLinesGiveTheEmptyValue() {
    CacheControl empty = CacheControl.parse(List.of());

    assertThat(empty).isEqualTo(CacheControl.EMPTY);
    assertThat(empty.noStore()).isFalse();
    assertThat(empty.maxAge()).isEmpty();
    assertThat(empty.maxStale()).isEmpty();
    assertThat(empty.toHeaderValue()).isEmpty();
  }

  @Test
  void blankLinesAndEmptyElementsGiveTheEmptyValue() {
    assertThat(parse("", "  ", ", ,\t,")).isEqualTo(CacheControl.EMPTY);
  }

  @Test
  void booleanDirectivesAreRecognised() {
    CacheControl cc = parse("no-store, no-cache, private, public, must-revalidate, only-if-cached");

    assertThat(cc.noStore()).isTrue();
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.mustRevalidate()).isTrue();
    assertThat(cc.onlyIfCached()).isTrue();
  }

  @Test
  void absentDirectivesAreFalseOrEmpty() {
    CacheControl cc = parse("public");

    assertThat(cc.noStore()).isFalse();
    assertThat(cc.noCache()).isFalse();
    assertThat(cc.isPrivate()).isFalse();
    assertThat(cc.mustRevalidate()).isFalse();
    assertThat(cc.onlyIfCached()).isFalse();
    assertThat(cc.maxAge()).isEmpty();
    assertThat(cc.sMaxAge()).isEmpty();
    assertThat(cc.staleWhileRevalidate()).isEmpty();
    assertThat(cc.staleIfError()).isEmpty();
    assertThat(cc.maxStale()).isEmpty();
    assertThat(cc.minFresh()).isEmpty();
    assertThat(cc.argument("public")).isEmpty();
  }

  @Test
  void directiveNamesAreCaseInsensitiveAndStoredInLowerCase() {
    CacheControl cc = parse("No-Store, MAX-AGE=60");

    assertThat(cc.noStore()).isTrue();
    assertThat(cc.has("NO-STORE")).isTrue();
    assertThat(cc.has("no-store")).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.toHeaderValue()).isEqualTo("no-store, max-age=60");
  }

  @Test
  void qualifiedNoCacheCountsAsNoCache() {
    CacheControl cc = parse("no-cache=\"Set-Cookie\"");

    assertThat(cc.noCache()).isTrue();
    assertThat(cc.argument("no-cache")).contains("Set-Cookie");
  }

  @Test
  void qualifiedPrivateCountsAsPrivate() {
    CacheControl cc = parse("private=\"Authorization, X-User\"");

    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.argument("private")).contains("Authorization, X-User");
  }

  @Test
  void commaInsideQuotedArgumentDoesNotSplitDirectives() {
    CacheControl cc = parse("no-cache=\"a, b\", max-age=5");

    assertThat(cc.argument("no-cache")).contains("a, b");
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(5));
    assertThat(cc.has("b\"")).isFalse();
  }

  @Test
  void escapedQuoteInsideQuotedArgumentIsUnescaped() {
    CacheControl cc = parse("ext=\"say \\\"hi\\\", \\\\ ok\", public");

    assertThat(cc.argument("ext")).contains("say \"hi\", \\ ok");
    assertThat(cc.isPublic()).isTrue();
  }

  @Test
  void directivesAreReadAcrossSeveralLines() {
    CacheControl cc = parse("public", "max-age=10, s-maxage=20");

    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(10));
    assertThat(cc.sMaxAge()).contains(Duration.ofSeconds(20));
  }

  @Test
  void allDeltaSecondsDirectivesAreRead() {
    CacheControl cc =
        parse("max-age=1, s-maxage=2, stale-while-revalidate=3, stale-if-error=4, max-stale=5, min-fresh=6");

    assertThat(cc.maxAge()).contains(Duration.ofSeconds(1));
    assertThat(cc.sMaxAge()).contains(Duration.ofSeconds(2));
    assertThat(cc.staleWhileRevalidate()).contains(Duration.ofSeconds(3));
    assertThat(cc.staleIfError()).contains(Duration.ofSeconds(4));
    assertThat(cc.maxStale()).contains(Duration.ofSeconds(5));
    assertThat(cc.minFresh()).contains(Duration.ofSeconds(6));
  }

  @Test
  void quotedDeltaSecondsAreAccepted() {
    assertThat(parse("max-age=\"60\"").maxAge()).contains(Duration.ofSeconds(60));
  }

  @Test
  void maxAgeZeroIsZero() {
    assertThat(parse("max-age=0").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void overflowingMaxAgeSaturatesAtTwoToTheThirtyOne() {
    assertThat(parse("max-age=2147483648").maxAge()).contains(TWO_TO_THE_THIRTY_ONE_SECONDS);
    assertThat(parse("max-age=2147483649").maxAge()).contains(TWO_TO_THE_THIRTY_ONE_SECONDS);
    assertThat(parse("max-age=99999999999999999999999999999999").maxAge())
        .contains(TWO_TO_THE_THIRTY_ONE_SECONDS);
    assertThat(parse("max-age=2147483647").maxAge()).contains(Duration.ofSeconds(2147483647L));
  }

  @Test
  void nonNumericMaxAgeMeansStale() {
    assertThat(parse("max-age=soon").maxAge()).contains(Duration.ZERO);
    assertThat(parse("max-age=1.5").maxAge()).contains(Duration.ZERO);
    assertThat(parse("max-age=\" 60\"").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void negativeMaxAgeMeansStale() {
    assertThat(parse("max-age=-1").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void maxAgeWithoutValueMeansStale() {
    assertThat(parse("max-age").maxAge()).contains(Duration.ZERO);
    assertThat(parse("max-age=").maxAge()).contains(Duration.ZERO);
    assertThat(parse("max-age=\"\"").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void maxAgeRepeatedWithDifferentValuesMeansStale() {
    assertThat(parse("max-age=60, max-age=120").maxAge()).contains(Duration.ZERO);
    assertThat(parse("max-age=60", "max-age=120").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void maxAgeRepeatedWithTheSameValueIsThatValue() {
    assertThat(parse("max-age=60, max-age=60").maxAge()).contains(Duration.ofSeconds(60));
    assertThat(parse("max-age=60, max-age=\"60\"").maxAge()).contains(Duration.ofSeconds(60));
    assertThat(parse("max-age=60, max-age=060").maxAge()).contains(Duration.ofSeconds(60));
  }

  @Test
  void maxAgeRepeatedWithAnInvalidValueMeansStale() {
    assertThat(parse("max-age=60, max-age=x").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void maxStaleWithoutValueAcceptsAnyStaleness() {
    assertThat(parse("max-stale").maxStale()).contains(TWO_TO_THE_THIRTY_ONE_SECONDS);
  }

  @Test
  void maxStaleWithInvalidValueAcceptsNoStaleness() {
    assertThat(parse("max-stale=abc").maxStale()).contains(Duration.ZERO);
    assertThat(parse("max-stale=").maxStale()).contains(Duration.ZERO);
    assertThat(parse("max-stale, max-stale=5").maxStale()).contains(Duration.ZERO);
  }

  @Test
  void invalidMinFreshIsZero() {
    assertThat(parse("min-fresh=later").minFresh()).contains(Duration.ZERO);
  }

  @Test
  void whitespaceAroundEqualsSignIsTolerated() {
    assertThat(parse("max-age = 30").maxAge()).contains(Duration.ofSeconds(30));
  }

  @Test
  void trailingCharactersMakeADirectiveMalformedButPresent() {
    CacheControl cc = parse("no-store garbage, max-age=60 x, public");

    assertThat(cc.noStore()).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ZERO);
    assertThat(cc.argument("max-age")).isEmpty();
    assertThat(cc.isPublic()).isTrue();
  }

  @Test
  void unterminatedQuoteHidesNothingAfterTheNextComma() {
    CacheControl cc = parse("max-age=\"60, private", "ext=\"a\\\", no-store", "public");

    assertThat(cc.maxAge()).contains(Duration.ZERO);
    assertThat(cc.argument("max-age")).isEmpty();
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.has("ext")).isTrue();
    assertThat(cc.noStore()).isTrue();
    assertThat(cc.isPublic()).isTrue();
  }

  @Test
  void commaInsideATerminatedQuoteStillBelongsToTheArgument() {
    CacheControl cc = parse("no-cache=\"Set-Cookie, private\", max-age=60");

    assertThat(cc.argument("no-cache")).contains("Set-Cookie, private");
    assertThat(cc.isPrivate()).isFalse();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
  }

  @Test
  void elementWithoutDirectiveNameIsSkipped() {
    CacheControl cc = parse("\"quoted, stuff\", =5, no-store");

    assertThat(cc.noStore()).isTrue();
    assertThat(cc.toHeaderValue()).isEqualTo("no-store");
  }

  @Test
  void controlCharactersAreReadAsSpaces() {
    CacheControl cc = parse("max-age=60,\r\n no-store\0, public");

    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.noStore()).isTrue();
    assertThat(cc.isPublic()).isTrue();
  }

  @Test
  void argumentOutsideLatin1MakesTheDirectiveMalformed() {
    CacheControl cc = parse("no-cache=\"\u4e2d\"");

    assertThat(cc.noCache()).isTrue();
    assertThat(cc.argument("no-cache")).isEmpty();
  }

  @Test
  void argumentIsTheFirstWellFormedOne() {
    CacheControl cc = parse("no-cache, no-cache=\"Set-Cookie\", no-cache=\"Other\"");

    assertThat(cc.argument("NO-CACHE")).contains("Set-Cookie");
  }

  @Test
  void emptyQuotedArgumentIsDistinctFromNoArgument() {
    assertThat(parse("ext=\"\"").argument("ext")).contains("");
    assertThat(parse("ext").argument("ext")).isEmpty();
    assertThat(parse("ext=\"\"")).isNotEqualTo(parse("ext"));
  }

  @Test
  void unknownExtensionsAreKept() {
    CacheControl cc = parse("immutable, community=\"UCI\"");

    assertThat(cc.has("immutable")).isTrue();
    assertThat(cc.argument("community")).contains("UCI");
  }

  @Test
  void headerValueIsCanonical() {
    CacheControl cc = parse("Public ,  MAX-AGE=\"60\" , no-cache=\"a, b\", ext=\"x\\\"y\", max-age=60, bad=");

    assertThat(cc.toHeaderValue())
        .isEqualTo("public, max-age=60, no-cache=\"a, b\", ext=\"x\\\"y\", bad=");
  }

  @Test
  void headerValueKeepsConflictingOccurrences() {
    CacheControl cc = parse("max-age=1, public, max-age=2");

    assertThat(cc.toHeaderValue()).isEqualTo("max-age=1, max-age=2, public");
    assertThat(parse(cc.toHeaderValue()).maxAge()).contains(Duration.ZERO);
  }

  @Test
  void headerValueReadsBackAsAnEqualValue() {
    CacheControl cc =
        parse("no-store garbage", "max-age=5, max-age=7, no-cache=\"Set-Cookie\", x=\"\", max-stale, y=\"a\\\\b\"");

    CacheControl reparsed = parse(cc.toHeaderValue());

    assertThat(reparsed).isEqualTo(cc).hasSameHashCodeAs(cc);
    assertThat(reparsed.toHeaderValue()).isEqualTo(cc.toHeaderValue());
  }

  @Test
  void equalityIgnoresDirectiveOrderButNotArguments() {
    assertThat(parse("public, max-age=5")).isEqualTo(parse("max-age=5", "PUBLIC"));
    assertThat(parse("public, max-age=5")).isNotEqualTo(parse("public, max-age=6"));
    assertThat(parse("no-store")).isNotEqualTo(parse("no-store x"));
  }

  @Test
  void hugeLinesAreReadInFull() {
    StringBuilder manyAges = new StringBuilder("no-store");
    for (int i = 0; i < 50_000; i++) {
      manyAges.append(", max-age=").append(i);
    }
    CacheControl cc = parse(manyAges.toString(), "public, x=\"" + "\\\"".repeat(200_000));

    assertThat(cc.noStore()).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ZERO);
    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.has("x")).isTrue();
  }

  @Test
  void toStringShowsTheDirectives() {
    assertThat(parse("no-store").toString()).contains("no-store");
  }
}
