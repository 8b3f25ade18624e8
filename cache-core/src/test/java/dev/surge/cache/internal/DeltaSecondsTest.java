package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaSecondsTest {

  @Test
  void maximumIsTwoToTheThirtyOne() {
    assertThat(DeltaSeconds.MAXIMUM).isEqualTo(1L << 31);
  }

  @Test
  void digitsParse() {
    assertThat(DeltaSeconds.parse("0")).hasValue(0);
    assertThat(DeltaSeconds.parse("60")).hasValue(60);
    assertThat(DeltaSeconds.parse("007")).hasValue(7);
    assertThat(DeltaSeconds.parse("2147483647")).hasValue(2147483647L);
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertThat(DeltaSeconds.parse(" \t42\t ")).hasValue(42);
  }

  @Test
  void valuesAboveTheMaximumSaturate() {
    assertThat(DeltaSeconds.parse("2147483648")).hasValue(DeltaSeconds.MAXIMUM);
    assertThat(DeltaSeconds.parse("2147483649")).hasValue(DeltaSeconds.MAXIMUM);
    assertThat(DeltaSeconds.parse("9223372036854775808")).hasValue(DeltaSeconds.MAXIMUM);
  }

  @Test
  void hundredsOfDigitsSaturate() {
    assertThat(DeltaSeconds.parse("9".repeat(500))).hasValue(DeltaSeconds.MAXIMUM);
    assertThat(DeltaSeconds.parse("1" + "0".repeat(300))).hasValue(DeltaSeconds.MAXIMUM);
  }

  @Test
  void leadingZerosDoNotCountTowardsSaturation() {
    assertThat(DeltaSeconds.parse("0".repeat(300) + "5")).hasValue(5);
  }

  @Test
  void aLetterAfterSaturationStillMakesTheValueInvalid() {
    assertThat(DeltaSeconds.parse("9".repeat(50) + "x")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "-1", "+1", "1.5", "1e3", "abc", "1 2", "0x10", "\u0661", "\uff11", "60s"})
  void anythingButDigitsGivesEmpty(String value) {
    assertThat(DeltaSeconds.parse(value)).isEmpty();
  }
}
