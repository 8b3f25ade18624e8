package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheKey;
import dev.surge.cache.contract.CollidingKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretlyHashedKeyTest {

  @Test
  void keysMadeToShareOneHashGetDifferentSecretHashes() {
    List<CacheKey> colliding = CollidingKeys.of(10);

    assertThat(colliding).extracting(CacheKey::hashCode).containsOnly(colliding.get(0).hashCode());
    assertThat(colliding.stream().map(key -> SecretlyHashedKey.of(key).hashCode()).distinct())
        .as("distinct secret hashes of 1,024 keys sharing one hash").hasSizeGreaterThan(1_000);
  }

  @Test
  void equalKeysGiveEqualInstancesAndDifferentKeysDoNot() {
    CacheKey key = new CacheKey("GET", "http", "example.com", "/a", "b=1", Map.of("accept-language", "en"));
    CacheKey same = new CacheKey("GET", "http", "example.com", "/a", "b=1", Map.of("accept-language", "en"));
    CacheKey other = new CacheKey("GET", "http", "example.com", "/a", "b=1", Map.of("accept-language", "fr"));

    assertThat(SecretlyHashedKey.of(key)).isEqualTo(SecretlyHashedKey.of(same))
        .hasSameHashCodeAs(SecretlyHashedKey.of(same));
    assertThat(SecretlyHashedKey.of(key)).isNotEqualTo(SecretlyHashedKey.of(other));
  }

  @Test
  void partsAreHashedApartSoThatMovingCharactersBetweenThemChangesTheHash() {
    CacheKey pathHeavy = new CacheKey("GET", "http", "example.com", "/ab", "", Map.of());
    CacheKey queryHeavy = new CacheKey("GET", "http", "example.com", "/a", "b", Map.of());

    assertThat(SecretlyHashedKey.of(pathHeavy).hashCode()).isNotEqualTo(SecretlyHashedKey.of(queryHeavy).hashCode());
  }
}
