package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagConditionTest {

  private static EntityTagCondition parse(String... lines) {
    return EntityTagCondition.parse(List.of(lines)).orElseThrow();
  }

  @Test
  void starAloneMatchesAnything() {
    EntityTagCondition any = parse(" * ");

    assertThat(any.any()).isTrue();
    assertThat(any.tags()).isEmpty();
    assertThat(any.matchesWeakly(EntityTag.weak("x"))).isTrue();
    assertThat(any.matchesStrongly(EntityTag.weak("x"))).isTrue();
    assertThat(any.toHeaderValue()).isEqualTo("*");
  }

  @Test
  void singleTagParses() {
    EntityTagCondition condition = parse("\"abc\"");

    assertThat(condition.any()).isFalse();
    assertThat(condition.tags()).containsExactly(EntityTag.strong("abc"));
  }

  @Test
  void listOverSeveralLinesKeepsOrderAndDuplicates() {
    EntityTagCondition condition = parse("\"a\", W/\"b\"", "\"c\"", "\"a\"");

    assertThat(condition.tags())
        .containsExactly(EntityTag.strong("a"), EntityTag.weak("b"), EntityTag.strong("c"), EntityTag.strong("a"));
  }

  @Test
  void commaInsideQuotedEtagDoesNotSplitTheList() {
    EntityTagCondition condition = parse("\"a,b\", W/\",c,\"");

    assertThat(condition.tags()).containsExactly(EntityTag.strong("a,b"), EntityTag.weak(",c,"));
  }

  @Test
  void emptyListElementsAreTolerated() {
    assertThat(parse(", \"a\", , \"b\",,", " ,").tags()).containsExactly(EntityTag.strong("a"), EntityTag.strong("b"));
  }

  @Test
  void listWithoutWhitespaceParses() {
    assertThat(parse("\"a\",W/\"b\"").tags()).containsExactly(EntityTag.strong("a"), EntityTag.weak("b"));
  }

  @Test
  void tagsAreImmutable() {
    assertThatThrownBy(() -> parse("\"a\"").tags().add(EntityTag.strong("b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noLinesGiveEmpty() {
    assertThat(EntityTagCondition.parse(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " , ,",
        "\"a\" \"b\"",
        "\"a\"; \"b\"",
        "\"a\", b",
        "\"a\", \"b",
        "\"a\", w/\"b\"",
        "W/*",
        "\"a\u4e2d\"",
        "*, *",
      })
  void malformedListsGiveEmpty(String value) {
    assertThat(EntityTagCondition.parse(List.of(value))).isEmpty();
  }

  @Test
  void starMixedWithTagsIsMalformed() {
    assertThat(EntityTagCondition.parse(List.of("*, \"a\""))).isEmpty();
    assertThat(EntityTagCondition.parse(List.of("\"a\"", "*"))).isEmpty();
  }

  @Test
  void starOnTwoLinesIsMalformed() {
    assertThat(EntityTagCondition.parse(List.of("*", "*"))).isEmpty();
  }

  @Test
  void oneMalformedLineMakesTheWholeConditionMalformed() {
    assertThat(EntityTagCondition.parse(List.of("\"a\"", "garbage"))).isEmpty();
  }

  @Test
  void hugeListIsReadInFull() {
    assertThat(parse("\"a\", ".repeat(100_000)).tags()).hasSize(100_000);
    assertThat(EntityTagCondition.parse(List.of("\"" + "a".repeat(1_000_000)))).isEmpty();
  }

  @Test
  void weakMatchingIgnoresWeakness() {
    EntityTagCondition condition = parse("W/\"1\", \"2\"");

    assertThat(condition.matchesWeakly(EntityTag.strong("1"))).isTrue();
    assertThat(condition.matchesWeakly(EntityTag.weak("2"))).isTrue();
    assertThat(condition.matchesWeakly(EntityTag.strong("3"))).isFalse();
  }

  @Test
  void strongMatchingNeedsStrongTagsOnBothSides() {
    EntityTagCondition condition = parse("W/\"1\", \"2\"");

    assertThat(condition.matchesStrongly(EntityTag.strong("1"))).isFalse();
    assertThat(condition.matchesStrongly(EntityTag.strong("2"))).isTrue();
    assertThat(condition.matchesStrongly(EntityTag.weak("2"))).isFalse();
  }

  @Test
  void headerValueReadsBackAsAnEqualCondition() {
    EntityTagCondition condition = parse("W/\"a,b\" ,\"\"", "\"c\"");

    assertThat(condition.toHeaderValue()).isEqualTo("W/\"a,b\", \"\", \"c\"");
    assertThat(parse(condition.toHeaderValue())).isEqualTo(condition).hasSameHashCodeAs(condition);
  }

  @Test
  void equalityFollowsTheTagsAndTheirOrder() {
    assertThat(parse("\"a\", \"b\"")).isEqualTo(parse("\"a\"", "\"b\""));
    assertThat(parse("\"a\", \"b\"")).isNotEqualTo(parse("\"b\", \"a\""));
    assertThat(parse("\"a\"")).isNotEqualTo(parse("W/\"a\""));
    assertThat(parse("*")).isEqualTo(parse("*")).isNotEqualTo(parse("\"*\""));
  }
}
