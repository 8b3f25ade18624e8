package dev.surge.cache.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.surge.cache.CacheKey;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A {@link CacheKey} as the key of a side table built on Guava's cache, which searches a bin of equal hashes one
 * key at a time: hashed with SipHash-2-4 under a secret chosen when the class loads, so that keys a client makes
 * to share one {@link CacheKey#hashCode()} (as {@link String#hashCode()} allows) still spread over the table.
 * Equal keys give equal instances.
 */
record SecretlyHashedKey(CacheKey key, int secretHash) {

  private static final HashFunction SIP_HASH;

  static {
    SecureRandom random = new SecureRandom();
    SIP_HASH = Hashing.sipHash24(random.nextLong(), random.nextLong());
  }

  /** {@code key} with its secret hash. */
  static SecretlyHashedKey of(CacheKey key) {
    Hasher hasher = SIP_HASH.newHasher();
    part(hasher, key.method());
    part(hasher, key.scheme());
    part(hasher, key.host());
    part(hasher, key.path());
    part(hasher, key.query());
    for (Map.Entry<String, String> header : key.headers().entrySet()) {
      part(hasher, header.getKey());
      part(hasher, header.getValue());
    }
    return new SecretlyHashedKey(key, hasher.hash().asInt());
  }

  /** Adds one part, its length first, so that no two different sequences of parts feed the same characters. */
  private static void part(Hasher hasher, String part) {
    hasher.putInt(part.length()).putUnencodedChars(part);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretlyHashedKey that && secretHash == that.secretHash && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return secretHash;
  }
}
