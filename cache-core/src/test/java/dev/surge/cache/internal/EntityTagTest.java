package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {

  @Test
  void strongTagParsesWithoutItsQuotes() {
    assertThat(EntityTag.parse("\"xyz\"")).contains(new EntityTag("xyz", false));
  }

  @Test
  void weakTagParses() {
    assertThat(EntityTag.parse("W/\"xyz\"")).contains(EntityTag.weak("xyz"));
  }

  @Test
  void emptyOpaqueTagIsValid() {
    assertThat(EntityTag.parse("\"\"")).contains(EntityTag.strong(""));
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertThat(EntityTag.parse(" \t\"a\"\t ")).contains(EntityTag.strong("a"));
  }

  @Test
  void obsTextAndCommasArePartOfTheOpaqueTag() {
    assertThat(EntityTag.parse("\"a,b\u00e9\u00ff\u0080!#~\"")).contains(EntityTag.strong("a,b\u00e9\u00ff\u0080!#~"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "xyz",
        "\"xyz",
        "xyz\"",
        "\"",
        "w/\"xyz\"", // the weakness indicator is case-sensitive
        "W/xyz",
        "W/",
        "W/ \"xyz\"",
        "\"a\"b\"",
        "\"a b\"",
        "\"a\tb\"",
        "\"a\\\"b\"",
        "\"\u4e2d\"",
        "\"a\u007fb\"",
        "\"a\u0001b\"",
        "\"a\" \"b\"",
        "\"a\",\"b\"",
        "*",
      })
  void malformedTagsGiveEmpty(String value) {
    assertThat(EntityTag.parse(value)).isEmpty();
  }

  @Test
  void factoriesRejectCharactersOutsideEtagc() {
    assertThatThrownBy(() -> EntityTag.strong("a\"b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EntityTag.weak("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EntityTag.strong("\u4e2d")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntityTag("\u007f", false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factoriesAcceptEtagc() {
    assertThat(EntityTag.strong("!#~\u0080\u00ff").opaqueTag()).isEqualTo("!#~\u0080\u00ff");
    assertThat(EntityTag.weak("v1").weak()).isTrue();
    assertThat(EntityTag.strong("v1").weak()).isFalse();
  }

  @Test
  void strongComparisonNeedsBothStrongAndEqual() {
    assertThat(EntityTag.strong("1").strongMatch(EntityTag.strong("1"))).isTrue();
    assertThat(EntityTag.strong("1").strongMatch(EntityTag.strong("2"))).isFalse();
    assertThat(EntityTag.weak("1").strongMatch(EntityTag.strong("1"))).isFalse();
    assertThat(EntityTag.strong("1").strongMatch(EntityTag.weak("1"))).isFalse();
    assertThat(EntityTag.weak("1").strongMatch(EntityTag.weak("1"))).isFalse();
  }

  @Test
  void weakComparisonIgnoresTheWeakFlag() {
    assertThat(EntityTag.weak("1").weakMatch(EntityTag.weak("1"))).isTrue();
    assertThat(EntityTag.weak("1").weakMatch(EntityTag.strong("1"))).isTrue();
    assertThat(EntityTag.strong("1").weakMatch(EntityTag.weak("1"))).isTrue();
    assertThat(EntityTag.strong("1").weakMatch(EntityTag.strong("1"))).isTrue();
    assertThat(EntityTag.weak("1").weakMatch(EntityTag.weak("2"))).isFalse();
  }

  @Test
  void comparisonIsCaseSensitive() {
    assertThat(EntityTag.strong("abc").weakMatch(EntityTag.strong("ABC"))).isFalse();
  }

  @Test
  void headerValueQuotesTheTag() {
    assertThat(EntityTag.strong("xyz").toHeaderValue()).isEqualTo("\"xyz\"");
    assertThat(EntityTag.weak("xyz").toHeaderValue()).isEqualTo("W/\"xyz\"");
    assertThat(EntityTag.parse(EntityTag.weak("a,b").toHeaderValue())).contains(EntityTag.weak("a,b"));
  }
}
