package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachedResponseTest {

  private static final Instant STORED = Instant.parse("2026-11-25T12:00:00Z");

  private final CachedResponse entry =
      CachedResponse.builder()
          .status(200)
          .headers(ResponseHeaders.builder()
              .add("Content-Type", "text/plain")
              .add("ETag", "\"abc\"")
              .add("Cache-Control", "max-age=60")
              .add("X-Custom", "kept")
              .add("Content-Length", "5")
              .build())
          .body("hello".getBytes(StandardCharsets.UTF_8))
          .storedAt(STORED)
          .freshnessLifetime(Duration.ofSeconds(60))
          .tags(Set.of("t"))
          .build();

  @Test
  void changingTheArrayGivenToTheBuilderDoesNotChangeTheBody() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    CachedResponse response = CachedResponse.builder().body(bytes).build();
    bytes[0] = 'X';

    assertThat(response.bodyBytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bodyBufferIsReadOnly() {
    ByteBuffer body = entry.body();

    assertThat(body.isReadOnly()).isTrue();
    assertThatThrownBy(() -> body.put(0, (byte) 'X')).isInstanceOf(ReadOnlyBufferException.class);
    assertThat(entry.bodyBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void changingACopiedBodyDoesNotChangeTheEntry() {
    byte[] copy = entry.bodyBytes();
    copy[0] = 'X';

    assertThat(entry.bodyBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void headersAndTagsCannotBeModified() {
    assertThatThrownBy(() -> entry.headers().fields().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> entry.tags().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void notModifiedViewCarriesOnlyTheAllowedFieldsAndNoBody() {
    CachedResponse notModified = entry.notModifiedView(STORED.plusSeconds(7));

    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.bodyLength()).isZero();
    assertThat(notModified.headers().contains("Content-Length")).isFalse();
    assertThat(notModified.headers().contains("Content-Type")).isFalse();
    assertThat(notModified.headers().contains("X-Custom")).isFalse();
    assertThat(notModified.headers().first("ETag")).hasValue("\"abc\"");
    assertThat(notModified.headers().first("Cache-Control")).hasValue("max-age=60");
    assertThat(notModified.headers().first("Age")).hasValue("7");
  }

  @Test
  void headViewKeepsContentLengthButHasNoBody() {
    CachedResponse head = entry.headView(STORED);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.bodyLength()).isZero();
    assertThat(head.headers().first("Content-Length")).hasValue("5");
  }

  @Test
  void derivingViewsNeverChangesTheEntry() {
    CachedResponse before = entry.newBuilder().build();
    entry.notModifiedView(STORED.plusSeconds(5));
    entry.headView(STORED.plusSeconds(5));
    entry.fullView(STORED.plusSeconds(5));

    assertThat(entry).isEqualTo(before);
    assertThat(entry.headers().contains("Age")).isFalse();
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.bodyLength()).isEqualTo(5);
  }

  @Test
  void fullViewReplacesAnyAgeWithTheCurrentOne() {
    CachedResponse aged = entry.newBuilder().initialAge(Duration.ofSeconds(3)).build();
    CachedResponse view = aged.fullView(STORED.plusSeconds(10));

    assertThat(view.headers().all("Age")).containsExactly("13");
    assertThat(view.bodyBytes()).isEqualTo(entry.bodyBytes());
  }

  @Test
  void freshnessEndsExactlyAtTheLifetime() {
    assertThat(entry.isFreshAt(STORED.plusSeconds(59))).isTrue();
    assertThat(entry.isFreshAt(STORED.plusSeconds(60))).isFalse();
    assertThat(entry.remainingFreshnessAt(STORED.plusSeconds(100))).isEqualTo(Duration.ZERO);
  }

  @Test
  void ageNeverGoesNegativeWhenTheClockStepsBack() {
    assertThat(entry.ageAt(STORED.minusSeconds(30))).isEqualTo(Duration.ZERO);
  }

  @Test
  void writeBodyToWritesTheWholeBody() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry.writeBodyTo(out);

    assertThat(out.toByteArray()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void builderRejectsImpossibleValues() {
    assertThatThrownBy(() -> CachedResponse.builder().status(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedResponse.builder().freshnessLifetime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responseHeadersRejectFieldsThatWouldSplitAResponse() {
    assertThatThrownBy(() -> ResponseHeaders.builder().add("X-A", "a\r\nSet-Cookie: x=y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseHeaders.builder().add("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerNamesCompareCaseInsensitivelyAndKeepTheirCase() {
    ResponseHeaders headers = ResponseHeaders.builder().add("X-Multi", "1").add("x-multi", "2").build();

    assertThat(headers.all("X-MULTI")).containsExactly("1", "2");
    assertThat(headers.names()).containsExactly("X-Multi");
  }
}
