package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  private static CacheKey key(String path, String query, Map<String, String> headers) {
    return new CacheKey("GET", "http", "example.com", path, query, headers);
  }

  @Test
  void partsThatWouldConcatenateToTheSameStringStillMakeDifferentKeys() {
    assertThat(key("/a", "b=1", Map.of())).isNotEqualTo(key("/a?b=1", "", Map.of()));
    assertThat(key("/a", "", Map.of("x", "1, y: 2"))).isNotEqualTo(key("/a", "", Map.of("x", "1", "y", "2")));
  }

  @Test
  void anAbsentHeaderDiffersFromAnEmptyOne() {
    assertThat(key("/a", "", Map.of())).isNotEqualTo(key("/a", "", Map.of("accept-language", "")));
  }

  @Test
  void headerSelectionCannotBeChangedThroughTheMapItWasBuiltFrom() {
    Map<String, String> headers = new HashMap<>(Map.of("accept-language", "en"));
    CacheKey key = key("/a", "", headers);
    headers.put("accept-language", "fr");

    assertThat(key.headers()).containsEntry("accept-language", "en");
    assertThatThrownBy(() -> key.headers().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void primaryKeyDropsTheHeaderSelectionAndNamesTheSameResource() {
    CacheKey variant = key("/a", "q=1", Map.of("accept-language", "en"));

    assertThat(variant.primary()).isEqualTo(key("/a", "q=1", Map.of()));
    assertThat(variant.sameResourceAs(key("/a", "q=1", Map.of("accept-language", "fr")))).isTrue();
    assertThat(variant.sameResourceAs(key("/a", "q=2", Map.of()))).isFalse();
  }

  @Test
  void urlAndLengthDescribeTheKey() {
    CacheKey key = key("/a", "q=1", Map.of("accept-language", "en"));

    assertThat(key.url()).isEqualTo("http://example.com/a?q=1");
    assertThat(key.length()).isEqualTo("GET".length() + "http".length() + "example.com".length() + 2 + 3
        + "accept-language".length() + 2);
  }
}
