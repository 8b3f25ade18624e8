package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaryHeaderTest {

  private static VaryHeader parse(String... lines) {
    return VaryHeader.parse(List.of(lines));
  }

  @Test
  void noLinesGiveAnEmptyValue() {
    VaryHeader vary = VaryHeader.parse(List.of());

    assertThat(vary.isEmpty()).isTrue();
    assertThat(vary.any()).isFalse();
    assertThat(vary.malformed()).isFalse();
    assertThat(vary.names()).isEmpty();
    assertThat(vary.toHeaderValue()).isEmpty();
  }

  @Test
  void blankLinesAndEmptyElementsGiveAnEmptyValue() {
    VaryHeader vary = parse("", " , ,\t");

    assertThat(vary.isEmpty()).isTrue();
    assertThat(vary.malformed()).isFalse();
  }

  @Test
  void namesAreLowerCasedDeduplicatedInOrderOfFirstAppearance() {
    VaryHeader vary = parse("Accept-Encoding, User-Agent", "accept-encoding,ACCEPT-LANGUAGE", "user-agent");

    assertThat(vary.names()).containsExactly("accept-encoding", "user-agent", "accept-language");
    assertThat(vary.isEmpty()).isFalse();
    assertThat(vary.any()).isFalse();
    assertThat(vary.malformed()).isFalse();
  }

  @Test
  void starAnywhereMakesAnyTrue() {
    VaryHeader vary = parse("Accept", "Origin, *");

    assertThat(vary.any()).isTrue();
    assertThat(vary.isEmpty()).isFalse();
    assertThat(vary.names()).containsExactly("accept", "origin");
  }

  @Test
  void starAloneIsNotEmpty() {
    VaryHeader vary = parse("*");

    assertThat(vary.any()).isTrue();
    assertThat(vary.names()).isEmpty();
    assertThat(vary.isEmpty()).isFalse();
    assertThat(vary.toHeaderValue()).isEqualTo("*");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Accept Encoding",
        "Accept;q=1",
        "\"Accept\"",
        "Acc\u0001ept",
        "Acc\u007fept",
        "Acc\u00e9pt",
        "Acc\u4e2dept",
        "Accept:",
        "Accept/Encoding",
        "Acc\0ept",
      })
  void invalidNamesAreReportedAndLeftOut(String element) {
    VaryHeader vary = parse("Origin, " + element + ", Accept-Language");

    assertThat(vary.malformed()).isTrue();
    assertThat(vary.names()).containsExactly("origin", "accept-language");
  }

  @Test
  void malformedWithoutValidNamesIsStillEmpty() {
    VaryHeader vary = parse("a b");

    assertThat(vary.malformed()).isTrue();
    assertThat(vary.isEmpty()).isTrue();
  }

  @Test
  void whitespaceAroundNamesIsTrimmed() {
    assertThat(parse(" \tAccept \t,\r\n Origin").names()).containsExactly("accept", "origin");
  }

  @Test
  void hugeListIsReadInFull() {
    VaryHeader vary = parse("Accept, ".repeat(100_000) + "Origin");

    assertThat(vary.names()).containsExactly("accept", "origin");
  }

  @Test
  void namesAreImmutable() {
    assertThatThrownBy(() -> parse("a").names().add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void headerValueReadsBackAsAnEqualValue() {
    VaryHeader vary = parse("Origin, *", "Accept");

    assertThat(vary.toHeaderValue()).isEqualTo("*, origin, accept");
    assertThat(parse(vary.toHeaderValue())).isEqualTo(vary).hasSameHashCodeAs(vary);
  }

  @Test
  void headerValueLeavesOutMalformedElements() {
    VaryHeader vary = parse("Origin, a b");

    assertThat(vary.toHeaderValue()).isEqualTo("origin");
    assertThat(parse(vary.toHeaderValue())).isNotEqualTo(vary);
  }
}
