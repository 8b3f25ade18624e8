package dev.surge.cache.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** zstd's levels, and the 8 MB window limit of RFC 9659. */
class ZstdCoderTest {

  private final ZstdCoder coder = new ZstdCoder();

  @Test
  void namesTheZstdCodingAtLevelThreeByDefault() {
    assertThat(coder.coding()).isEqualTo("zstd");
    assertThat(coder).hasToString("zstd level 6");
  }

  @Test
  void levelsOneToNineteenAreAcceptedAndOthersRefused() throws IOException {
    byte[] body = Bodies.text(1, 5000);
    for (int level : new int[] {ZstdCoder.MIN_LEVEL, ZstdCoder.MAX_LEVEL}) {
      ZstdCoder leveled = new ZstdCoder(level);
      assertThat(leveled.decode(leveled.encode(body), body.length)).isEqualTo(body);
    }
    for (int level : new int[] {-1, 0, 20, 22}) {
      assertThatThrownBy(() -> new ZstdCoder(level)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 to 19");
    }
  }

  @Test
  void decodesAFrameWhoseWindowIsEightMegabytes() throws IOException {
    assertThat(coder.decode(frameWithWindowLog(23, "hello"), 100)).asString().isEqualTo("hello");
  }

  @Test
  void refusesAFrameThatNeedsAWindowOverEightMegabytes() throws IOException {
    byte[] frame = frameWithWindowLog(24, "hello");

    assertThatThrownBy(() -> coder.decode(frame, 100)).isInstanceOf(IOException.class)
        .hasMessageContaining("too much memory");
  }

  /** A frame of unknown content size, so that its header declares the window {@code 2^windowLog}. */
  private static byte[] frameWithWindowLog(int windowLog, String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, ZstdCoder.DEFAULT_LEVEL)) {
      zstd.setWindowLog(windowLog);
      zstd.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] frame = out.toByteArray();
    int windowDescriptor = frame[5] & 0xff; // after the 4-byte magic and a header byte without single-segment
    assertThat(windowDescriptor >> 3).as("window exponent").isEqualTo(windowLog - 10);
    return frame;
  }
}
