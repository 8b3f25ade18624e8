package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void anEntryAskedForOnceInEachSecondKeepsNoneOfItsViews() {
    List<WeakReference<CachedResponse>> views = new ArrayList<>();
    for (int second = 1; second <= 3; second++) {
      views.add(new WeakReference<>(entry.fullView(STORED.plusSeconds(second))));
    }

    // a view the entry kept would stay reachable from it, and so from this test, for good
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      System.gc();
      assertThat(views).allSatisfy(view -> assertThat(view.get()).isNull());
    });
  }

  @Test
  void theHitsOfAnEntryAskedForMoreThanOnceInASecondShareOneView() {
    Instant now = STORED.plusMillis(5_250);
    entry.fullView(now);
    CachedResponse kept = entry.fullView(now.plusMillis(100));

    assertThat(entry.fullView(now.plusMillis(200))).isSameAs(kept);
    assertThat(entry.fullView(now.plusMillis(300))).isSameAs(kept);
    assertThat(entry.fullView(now.plusSeconds(1)).headers().all("Age")).containsExactly("6");
  }

  @Test
  void fullViewReplacesAnyAgeWithTheCurrentOne() {
    CachedResponse aged = entry.newBuilder().initialAge(Duration.ofSeconds(3)).build();
    CachedResponse view = aged.fullView(STORED.plusSeconds(10));

    assertThat(view.headers().all("Age")).containsExactly("13");
    assertThat(view.bodyBytes()).isEqualTo(entry.bodyBytes());
  }

  @Test
  void viewsCarryTheAgeOfTheSecondTheyAreServedInWhateverOrderTheyAreAsked() {
    long[] millis = {0, 999, 1_000, 400, 61_000, 1_500, 59_999, 2_000, 2_001};
    for (long offset : millis) {
      Instant now = STORED.plusMillis(offset);
      String age = Long.toString(offset / 1000);

      assertThat(entry.fullView(now).headers().all("Age")).as("full at +%sms", offset).containsExactly(age);
      assertThat(entry.headView(now).headers().all("Age")).as("HEAD at +%sms", offset).containsExactly(age);
      assertThat(entry.headView(now).bodyLength()).isZero();
      assertThat(entry.fullView(now).bodyBytes()).isEqualTo(entry.bodyBytes());
    }
    assertThat(entry.headers().contains("Age")).isFalse();
  }

  @Test
  void freshnessAndAgeFollowDurationArithmeticAroundEverySecondBoundary() {
    int[] nanos = {0, 1, 499_999_999, 500_000_000, 999_999_999};
    for (int storedNano : nanos) {
      for (int initialNano : nanos) {
        for (int lifetimeNano : nanos) {
          CachedResponse response = entry.newBuilder()
              .storedAt(STORED.plusNanos(storedNano))
              .initialAge(Duration.ofSeconds(2, initialNano))
              .freshnessLifetime(Duration.ofSeconds(5, lifetimeNano))
              .build();
          for (long offset = -2_000_000_000L; offset <= 5_000_000_000L; offset += 250_000_000L) {
            for (int nudge : new int[] {-1, 0, 1}) {
              Instant now = STORED.plusNanos(offset + nudge);
              Duration age = response.ageAt(now);
              assertThat(response.isFreshAt(now)).as("%s at %s", response, now)
                  .isEqualTo(age.compareTo(response.freshnessLifetime()) < 0);
              assertThat(response.fullView(now).headers().all("Age")).as("%s at %s", response, now)
                  .containsExactly(Long.toString(age.getSeconds()));
            }
          }
        }
      }
    }
  }

  @Test
  void hitsFromManyThreadsAcrossSecondsEachGetTheAgeOfTheirOwnSecond() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(t);
        workers.add(pool.submit(() -> {
          int wrong = 0;
          for (int i = 0; i < 20_000; i++) {
            long offset = random.nextInt(4_000);
            CachedResponse view = entry.fullView(STORED.plusMillis(offset));
            wrong += view.headers().all("Age").equals(List.of(Long.toString(offset / 1000)))
                && view.headers().first("Content-Length").equals(Optional.of("5")) ? 0 : 1;
          }
          return wrong;
        }));
      }
      for (Future<Integer> worker : workers) {
        assertThat(worker.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(entry.headers().contains("Age")).isFalse();
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
