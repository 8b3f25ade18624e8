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
}
