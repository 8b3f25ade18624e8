package dev.surge.cache.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Brotli's qualities. */
class BrotliCoderTest {

  @Test
  void namesTheBrCodingAtQualityFiveByDefault() {
    BrotliCoder coder = new BrotliCoder();

    assertThat(coder.coding()).isEqualTo("br");
    assertThat(coder).hasToString("brotli quality 5");
  }

  @Test
  void qualitiesZeroToElevenAreAcceptedAndOthersRefused() throws IOException {
    byte[] body = Bodies.text(1, 5000);
    for (int level : new int[] {BrotliCoder.MIN_LEVEL, BrotliCoder.MAX_LEVEL}) {
      BrotliCoder leveled = new BrotliCoder(level);
      assertThat(leveled.decode(leveled.encode(body), body.length)).isEqualTo(body);
    }
    for (int level : new int[] {-1, 12}) {
      assertThatThrownBy(() -> new BrotliCoder(level)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0 to 11");
    }
  }

  @Test
  void theWindowHoldsTheBodyAndItsReservedBytesFrom64KbTo16Mb() {
    assertThat(BrotliCoder.windowFor(0)).isEqualTo(16);
    assertThat(BrotliCoder.windowFor(20_210)).isEqualTo(16);
    assertThat(BrotliCoder.windowFor((1 << 16) - 16)).isEqualTo(16);
    assertThat(BrotliCoder.windowFor((1 << 16) - 15)).isEqualTo(17);
    assertThat(BrotliCoder.windowFor((1 << 24) - 16)).isEqualTo(24);
    assertThat(BrotliCoder.windowFor(Integer.MAX_VALUE)).isEqualTo(24);
  }

  /** Bodies of every length around the window sizes decode to exactly what was encoded. */
  @Test
  void bodiesAtTheWindowEdgesRoundTrip() throws IOException {
    BrotliCoder coder = new BrotliCoder();
    for (int edge : new int[] {1 << 10, 1 << 16, 1 << 17}) {
      for (int size = edge - 20; size <= edge + 4; size++) {
        for (byte[] body : new byte[][] {Bodies.text(size, size), Bodies.random(size, size)}) {
          assertThat(coder.decode(coder.encode(body), body.length)).as("%d bytes", size).isEqualTo(body);
        }
      }
    }
  }
}
