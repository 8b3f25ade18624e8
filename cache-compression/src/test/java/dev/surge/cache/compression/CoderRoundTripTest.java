package dev.surge.cache.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.management.ThreadMXBean;
import dev.surge.cache.ContentCoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every coder of this module promises: exact round trips, bounded decoding, IOException for bad input. */
class CoderRoundTripTest {

  private static final int MEGABYTE = 1 << 20;

  static Stream<ContentCoder> coders() {
    return Stream.of(new ZstdCoder(), new BrotliCoder());
  }

  /** Sizes from empty to 300 KB: the edges, then seeded ones in between. */
  private static int[] sizes() {
    SplittableRandom random = new SplittableRandom(42);
    int[] edges = {0, 1, 2, 255, 256, 4096, 65_536, 65_537, 300 * 1024};
    int[] sizes = Arrays.copyOf(edges, edges.length + 20);
    for (int i = edges.length; i < sizes.length; i++) {
      sizes[i] = random.nextInt(300 * 1024 + 1);
    }
    return sizes;
  }

  @ParameterizedTest
  @MethodSource("coders")
  void generatedBodiesDecodeToExactlyTheBytesEncoded(ContentCoder coder) throws IOException {
    for (int size : sizes()) {
      for (byte[] body : new byte[][] {Bodies.text(size, size), Bodies.random(size, size)}) {
        byte[] encoded = coder.encode(body);

        assertThat(coder.decode(encoded, body.length)).as("%s, %d bytes", coder, size).isEqualTo(body);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("coders")
  void textComesOutAtLessThanHalfItsSize(ContentCoder coder) {
    for (int size : new int[] {4096, 65_536, 300 * 1024}) {
      assertThat(coder.encode(Bodies.text(size, size))).as("%s, %d bytes", coder, size).hasSizeLessThan(size / 2);
    }
  }

  @ParameterizedTest
  @MethodSource("coders")
  void aBodyOfExactlyTheLimitDecodesAndOneByteMoreDoesNot(ContentCoder coder) throws IOException {
    byte[] body = Bodies.text(7, 10_000);
    byte[] encoded = coder.encode(body);

    assertThat(coder.decode(encoded, 10_000)).isEqualTo(body);
    assertThatThrownBy(() -> coder.decode(encoded, 9_999))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than 9999 bytes");
  }

  @ParameterizedTest
  @MethodSource("coders")
  void aBombStopsAtTheLimitWithoutAllocatingWhatItWouldDecodeTo(ContentCoder coder) {
    byte[] bomb = coder.encode(new byte[50 * MEGABYTE]);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    Throwable thrown = catchThrowable(() -> coder.decode(bomb, MEGABYTE));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(bomb).hasSizeLessThan(MEGABYTE / 10);
    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("more than " + MEGABYTE + " bytes");
    assertThat(allocated).as("bytes allocated while decoding").isLessThan(8L * MEGABYTE);
  }

  @ParameterizedTest
  @MethodSource("coders")
  void everyTruncationOfABodyIsAnIOException(ContentCoder coder) {
    byte[] encoded = coder.encode(Bodies.text(3, 20_000));
    for (int length = 1; length < encoded.length; length += Math.max(1, encoded.length / 200)) {
      byte[] truncated = Arrays.copyOf(encoded, length);

      assertThatThrownBy(() -> coder.decode(truncated, MEGABYTE)).as("first %d bytes", length)
          .isInstanceOf(IOException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("coders")
  void garbageBeforeOrAfterABodyIsAnIOException(ContentCoder coder) {
    byte[] encoded = coder.encode(Bodies.text(4, 20_000));
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      byte[] garbage = Bodies.random(random.nextLong(), 1 + random.nextInt(64));
      byte[] after = concat(encoded, garbage);
      byte[] before = concat(garbage, encoded);

      assertThatThrownBy(() -> coder.decode(after, MEGABYTE)).as("%d bytes after", garbage.length)
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> coder.decode(before, MEGABYTE)).as("%d bytes before", garbage.length)
          .isInstanceOf(IOException.class);
    }
  }

  /** Neither format has a checksum by default: a changed byte may decode to other bytes, or fail, but only so. */
  @ParameterizedTest
  @MethodSource("coders")
  void aDamagedBodyDecodesOrThrowsIOExceptionAndNothingElse(ContentCoder coder) {
    byte[] encoded = coder.encode(Bodies.text(6, 20_000));
    SplittableRandom random = new SplittableRandom(8);
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] damaged = encoded.clone();
      for (int changes = 1 + random.nextInt(4); changes > 0; changes--) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
      }

      Throwable thrown = catchThrowable(() -> coder.decode(damaged, MEGABYTE));

      if (thrown != null) {
        assertThat(thrown).as("damage #%d", i).isInstanceOf(IOException.class);
        failures++;
      }
    }
    assertThat(failures).as("damaged bodies refused").isPositive();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
