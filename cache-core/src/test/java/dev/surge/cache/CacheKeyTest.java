package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.contract.CollidingKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  @Test
  void keysWhosePartsDifferInWaysThatCancelInASumStillHashApart() {
    // in a sum of part hashes, /page-(K+1)?miss=(N-10) hashes like /page-K?miss=N
    Set<Integer> hashes = new HashSet<>();
    for (int page = 0; page < 10; page++) {
      for (int miss = 0; miss < 1_000; miss++) {
        hashes.add(key("/wiki/page-" + page, "miss=" + miss, Map.of()).hashCode());
      }
    }

    assertThat(hashes).as("distinct hashes of 10,000 keys").hasSizeGreaterThan(9_990);
  }

  @Test
  void keysMadeToShareOneHashAreStillOrderedApart() {
    List<CacheKey> colliding = CollidingKeys.of(6);

    assertThat(colliding).extracting(CacheKey::hashCode).containsOnly(colliding.get(0).hashCode());
    assertThat(new HashSet<>(colliding)).hasSize(64);
    assertThat(colliding.stream().sorted().distinct()).hasSize(64);
  }

  @Test
  void orderIsConsistentWithEqualsAndAntisymmetric() {
    List<CacheKey> keys = new ArrayList<>(CollidingKeys.of(2));
    keys.add(key("/a", "", Map.of()));
    keys.add(key("/a", "", Map.of("accept-language", "")));
    keys.add(key("/a", "", Map.of("accept-language", "en")));
    keys.add(key("/a", "", Map.of("accept-language", "en", "x-tenant", "1")));
    keys.add(key("/a", "", Map.of("x-tenant", "1")));
    keys.add(key("/a", "b=1", Map.of()));
    keys.add(new CacheKey("GET", "https", "example.com", "/a", "", Map.of()));
    keys.add(new CacheKey("GET", "http", "example.org", "/a", "", Map.of()));
    keys.add(new CacheKey("POST", "http", "example.com", "/a", "", Map.of()));
    keys.add(key("/a", "", Map.of("accept-language", "en"))); // equal to one above, made anew

    for (CacheKey one : keys) {
      for (CacheKey other : keys) {
        assertThat(one.compareTo(other) == 0).as("%s vs %s", one, other).isEqualTo(one.equals(other));
        assertThat(Integer.signum(one.compareTo(other))).isEqualTo(-Integer.signum(other.compareTo(one)));
      }
    }
    List<CacheKey> sorted = keys.stream().sorted().toList();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        assertThat(sorted.get(i).compareTo(sorted.get(j))).as("sorted order is transitive").isLessThanOrEqualTo(0);
      }
    }
  }
}
