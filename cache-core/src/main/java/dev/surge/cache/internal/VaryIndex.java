package dev.surge.cache.internal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import java.util.List;

/**
 * Remembers, per resource, which request headers its stored response varies on, so that a lookup can build
 * the variant key before it finds the entry. Bounded by the memory its keys and names take; forgetting a
 * rule only costs a miss. Keys are hashed under a secret (see {@link SecretlyHashedKey}), so that clients cannot
 * make one resource's lookups search through many others'.
 */
final class VaryIndex {

  private final Cache<SecretlyHashedKey, List<String>> rules;

  VaryIndex(ByteSize maximumBytes) {
    this.rules =
        CacheBuilder.newBuilder()
            .maximumWeight(maximumBytes.bytes())
            .weigher((SecretlyHashedKey key, List<String> names) -> weight(key.key(), names))
            .build();
  }

  /** The header names {@code primary}'s stored response varies on; empty when it varies on none. */
  List<String> namesFor(CacheKey primary) {
    if (rules.size() == 0) { // no stored response varies at all (the common case): no need to hash the key
      return List.of();
    }
    List<String> names = rules.getIfPresent(SecretlyHashedKey.of(primary));
    return names == null ? List.of() : names;
  }

  /** Records the names the newest stored response of {@code primary} varies on. */
  void record(CacheKey primary, List<String> names) {
    if (names.isEmpty()) {
      rules.invalidate(SecretlyHashedKey.of(primary));
    } else {
      rules.put(SecretlyHashedKey.of(primary), List.copyOf(names));
    }
  }

  void clear() {
    rules.invalidateAll();
  }

  private static int weight(CacheKey key, List<String> names) {
    int characters = key.length();
    for (String name : names) {
      characters += name.length();
    }
    return 96 + 2 * characters;
  }
}
