package dev.surge.cache.contract;

import dev.surge.cache.CacheKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keys a client can make to share one hash: paths of "Aa" and "BB" blocks, which {@link String#hashCode()} equates. */
public final class CollidingKeys {

  private CollidingKeys() {}

  /** 2^{@code blocks} distinct GET keys on example.com whose paths have one {@code String} hash. */
  public static List<CacheKey> of(int blocks) {
    List<CacheKey> keys = new ArrayList<>();
    for (int bits = 0; bits < 1 << blocks; bits++) {
      StringBuilder path = new StringBuilder("/");
      for (int block = 0; block < blocks; block++) {
        path.append((bits >>> block & 1) == 0 ? "Aa" : "BB");
      }
      keys.add(new CacheKey("GET", "http", "example.com", path.toString(), "", Map.of()));
    }
    return keys;
  }
}
