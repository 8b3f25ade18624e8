package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Generated {@code ETag}s stay what they were: the same text as Guava's 128-bit MurmurHash3. */
class ContentHashTest {

  @Test
  void equalsGuavasMurmur3For128BitsAtEveryTailLengthAndForLargeBodies() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length = 0; length <= 70; length++) {
      assertSameAsGuava(bytes(random, length));
    }
    for (int length : new int[] {2047, 2048, 2049, 65_537}) {
      assertSameAsGuava(bytes(random, length));
    }
  }

  @Test
  void hashesBytesWithTheHighBitSetAsUnsigned() {
    byte[] body = new byte[31];
    java.util.Arrays.fill(body, (byte) 0xff);

    assertSameAsGuava(body);
  }

  private static void assertSameAsGuava(byte[] body) {
    assertThat(ContentHash.of(body)).as("length %d", body.length)
        .isEqualTo(Hashing.murmur3_128().hashBytes(body).toString());
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}
