package dev.surge.cache.compression;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded response bodies: the same seed always gives the same bytes. */
final class Bodies {

  private static final List<String> WORDS =
      List.of("surge", "cache", "<li>", "</li>", "{\"id\":", "\"title\":", "news", "the", "of", "article", "\n");

  private Bodies() {}

  /** About {@code length} bytes of HTML- and JSON-like text. */
  static byte[] text(long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextInt(1000)).append(' ');
    }
    return text.substring(0, length).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code length} bytes that do not compress. */
  static byte[] random(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }
}
