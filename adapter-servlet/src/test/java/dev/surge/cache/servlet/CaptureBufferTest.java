package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The capture never holds more than its limit, and lets go of everything once the body outgrows it. */
class CaptureBufferTest {

  @Test
  void keepsEveryByteUpToTheLimit() {
    CaptureBuffer buffer = new CaptureBuffer(10);
    buffer.append(new byte[] {1, 2, 3}, 0, 3);
    buffer.append(4);
    buffer.append(new byte[] {9, 5, 6, 7, 8, 9}, 1, 5);

    assertThat(buffer.overflowed()).isFalse();
    assertThat(buffer.size()).isEqualTo(9);
    assertThat(java.util.Arrays.copyOf(buffer.array(), buffer.size())).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(buffer.array().length).isLessThanOrEqualTo(10);
  }

  @Test
  void aBodyWrittenAtOnceIsHeldInAnArrayOfItsOwnSize() {
    CaptureBuffer buffer = new CaptureBuffer(1 << 20);
    buffer.append(new byte[2048], 0, 2048);

    assertThat(buffer.array()).hasSize(2048);
  }

  @Test
  void releasesWhatItHeldOnceTheLimitIsPassedAndStopsCopying() {
    CaptureBuffer buffer = new CaptureBuffer(8);
    buffer.append(new byte[6], 0, 6);
    buffer.append(new byte[6], 0, 6);
    buffer.append(new byte[1], 0, 1);

    assertThat(buffer.overflowed()).isTrue();
    assertThat(buffer.size()).isZero();
    assertThat(buffer.array()).isEmpty();
  }

  @Test
  void neverGrowsPastTheLimitWhateverTheWrites() {
    CaptureBuffer buffer = new CaptureBuffer(5000);
    for (int i = 0; i < 4999; i++) {
      buffer.append(i);
    }

    assertThat(buffer.array().length).isLessThanOrEqualTo(5000);
    assertThat(buffer.size()).isEqualTo(4999);
  }

  @Test
  void writerCopyIsDroppedOnceItOutgrowsTheLimit() throws Exception {
    StringWriter client = new StringWriter();
    TeeWriter writer = new TeeWriter(new PrintWriter(client), 8);
    writer.write("12345");
    writer.write("6789");

    assertThat(writer.overflowed()).isTrue();
    assertThat(writer.encodedExactly(StandardCharsets.UTF_8)).hasValueSatisfying(kept -> assertThat(kept).isEmpty());
    writer.flush();
    assertThat(client.toString()).isEqualTo("123456789");
  }

  @Test
  void writerCopyEncodesOnlyTextTheCharsetEncodesExactly() throws Exception {
    TeeWriter writer = new TeeWriter(new PrintWriter(new StringWriter()), 100);
    writer.write("café");
    assertThat(writer.encodedExactly(StandardCharsets.ISO_8859_1)).hasValueSatisfying(
        bytes -> assertThat(bytes).isEqualTo("café".getBytes(StandardCharsets.ISO_8859_1)));

    writer.write(" € \uD83D\uDE00");
    assertThat(writer.encodedExactly(StandardCharsets.ISO_8859_1)).isEmpty();
    assertThat(writer.encodedExactly(StandardCharsets.UTF_8)).isPresent();

    writer.write('\uD800');
    assertThat(writer.encodedExactly(StandardCharsets.UTF_8)).isEmpty();
  }
}
