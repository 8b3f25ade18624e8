package dev.surge.cache.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CapturedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The copy kept aside of a Vert.x response body: every chunk in order, up to the limit and no further. */
class ResponseCaptureTest {

  private static Buffer text(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsEveryChunkInOrderAcrossGrowth() {
    ResponseCapture capture = new ResponseCapture(1 << 20);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String chunk = "chunk " + i + ";";
      capture.append(text(chunk));
      capture.append(Buffer.buffer());
      expected.append(chunk);
    }

    CapturedResponse captured = capture.toCaptured(200, MultiMap.caseInsensitiveMultiMap());

    assertThat(captured.overflowed()).isFalse();
    assertThat(new String(captured.body(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }

  @Test
  void dropsTheCopyOnceTheBodyPassesTheLimit() {
    ResponseCapture capture = new ResponseCapture(10);
    capture.append(text("123456"));
    capture.append(text("7890"));
    assertThat(capture.toCaptured(200, MultiMap.caseInsensitiveMultiMap()).body()).hasSize(10);

    capture.append(text("!"));
    capture.append(text("1"));

    CapturedResponse captured = capture.toCaptured(200, MultiMap.caseInsensitiveMultiMap());
    assertThat(captured.overflowed()).isTrue();
    assertThat(captured.bodyLength()).isZero();
  }
}
