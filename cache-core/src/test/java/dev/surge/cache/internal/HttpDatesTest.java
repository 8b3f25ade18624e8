package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

  private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

  @Test
  void imfFixdateParses() {
    assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(RFC_EXAMPLE);
  }

  @Test
  void rfc850DateParses() {
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", 2026)).contains(RFC_EXAMPLE);
  }

  @Test
  void asctimeDateParses() {
    assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(RFC_EXAMPLE);
  }

  @Test
  void asctimeWithSingleDigitDayParses() {
    assertThat(HttpDates.parse("Thu Feb  1 00:00:00 2024")).contains(Instant.parse("2024-02-01T00:00:00Z"));
  }

  @Test
  void asctimeWithTwoDigitDayParses() {
    assertThat(HttpDates.parse("Sun Nov 06 08:49:37 1994")).contains(RFC_EXAMPLE);
    assertThat(HttpDates.parse("Wed Nov 16 08:49:37 1994")).contains(Instant.parse("1994-11-16T08:49:37Z"));
  }

  @Test
  void surroundingWhitespaceAndControlCharactersAreTrimmed() {
    assertThat(HttpDates.parse(" \tSun, 06 Nov 1994 08:49:37 GMT \t")).contains(RFC_EXAMPLE);
    assertThat(HttpDates.parse("\r\nSun, 06 Nov 1994 08:49:37 GMT\r\n\u0000")).contains(RFC_EXAMPLE);
  }

  @Test
  void dayNameThatDoesNotMatchTheDateIsTolerated() {
    assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT")).contains(RFC_EXAMPLE);
    assertThat(HttpDates.parse("Friday, 06-Nov-94 08:49:37 GMT", 2026)).contains(RFC_EXAMPLE);
    assertThat(HttpDates.parse("Tue Nov  6 08:49:37 1994")).contains(RFC_EXAMPLE);
  }

  @Test
  void rfc850TwoDigitYearMoreThanFiftyYearsAheadIsLastCentury() {
    assertThat(HttpDates.parse("Saturday, 01-Jan-77 00:00:00 GMT", 2026))
        .contains(Instant.parse("1977-01-01T00:00:00Z"));
  }

  @Test
  void rfc850TwoDigitYearAtMostFiftyYearsAheadIsThisCentury() {
    assertThat(HttpDates.parse("Wednesday, 01-Jan-76 00:00:00 GMT", 2026))
        .contains(Instant.parse("2076-01-01T00:00:00Z"));
    assertThat(HttpDates.parse("Thursday, 01-Jan-26 00:00:00 GMT", 2026))
        .contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void rfc850TwoDigitYearWindowFollowsTheCurrentYear() {
    assertThat(HttpDates.fullYear(5, 2090)).isEqualTo(2105);
    assertThat(HttpDates.fullYear(41, 2090)).isEqualTo(2041);
    assertThat(HttpDates.fullYear(40, 2090)).isEqualTo(2140);
    assertThat(HttpDates.fullYear(0, 1999)).isEqualTo(2000);
  }

  @Test
  void rfc850WithTheSystemClockReadsARecentYear() {
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(RFC_EXAMPLE);
  }

  @Test
  void leapSecondIsReadAsTheSecondBefore() {
    assertThat(HttpDates.parse("Sat, 31 Dec 2016 23:59:60 GMT")).contains(Instant.parse("2016-12-31T23:59:59Z"));
  }

  @Test
  void february29thParsesOnlyInLeapYears() {
    assertThat(HttpDates.parse("Thu, 29 Feb 2024 12:00:00 GMT")).contains(Instant.parse("2024-02-29T12:00:00Z"));
    assertThat(HttpDates.parse("Tue, 29 Feb 2000 12:00:00 GMT")).isPresent();
    assertThat(HttpDates.parse("Thu, 29 Feb 1900 12:00:00 GMT")).isEmpty();
    assertThat(HttpDates.parse("Sat, 29 Feb 2023 12:00:00 GMT")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "Sun, 6 Nov 1994 08:49:37 GMT", // one-digit day, which RFC_1123_DATE_TIME accepts
        "06 Nov 1994 08:49:37 GMT", // no day name, which RFC_1123_DATE_TIME accepts
        "Sun, 06 Nov 1994 08:49:37 +0000", // an offset instead of GMT
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT", // names are case-sensitive
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06 Nov 1994 08:49:37 GMT", // long day name in IMF-fixdate
        "Sun, 06-Nov-94 08:49:37 GMT", // short day name in RFC 850
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT x",
        "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08.49.37 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994", // asctime without the padding space
        "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 UTC",
        "Sunday 06-Nov-94 08:49:37 GMT",
        "Someday, 06-Nov-94 08:49:37 GMT",
        "1994-11-06T08:49:37Z",
        "784111777",
        "Sun, \u0660\u0666 Nov 1994 08:49:37 GMT", // Arabic-Indic digits
      })
  void malformedDatesGiveEmpty(String value) {
    assertThat(HttpDates.parse(value, 2026)).isEmpty();
  }

  @Test
  void hugeGarbageGivesEmpty() {
    assertThat(HttpDates.parse("Sun, ".repeat(100_000))).isEmpty();
  }

  @Test
  void formatGivesImfFixdate() {
    assertThat(HttpDates.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void formatTruncatesFractionsOfASecond() {
    assertThat(HttpDates.format(RFC_EXAMPLE.plusMillis(999))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void formatTruncatesTowardThePastBeforeTheEpoch() {
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.5Z");

    assertThat(HttpDates.format(beforeEpoch)).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
  }

  @Test
  void formatPadsSmallYears() {
    Instant yearOne = LocalDateTime.of(1, 1, 1, 0, 0, 0).toInstant(ZoneOffset.UTC);

    assertThat(HttpDates.format(yearOne)).isEqualTo("Mon, 01 Jan 0001 00:00:00 GMT");
    assertThat(HttpDates.parse(HttpDates.format(yearOne))).contains(yearOne);
  }

  @Test
  void formatClampsInstantsOutsideYearsOneToNineThousandNineHundredNinetyNine() {
    assertThat(HttpDates.format(Instant.MAX)).isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
    assertThat(HttpDates.format(Instant.MIN)).isEqualTo("Mon, 01 Jan 0001 00:00:00 GMT");
  }
}
