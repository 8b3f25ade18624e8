package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedResponseDerivedTest {

  private static final Instant STORED = Instant.parse("2026-11-25T12:00:00Z");

  private final CachedResponse entry =
      CachedResponse.builder()
          .headers(ResponseHeaders.builder().add("Content-Type", "text/plain").build())
          .body("hello".getBytes(StandardCharsets.UTF_8))
          .storedAt(STORED)
          .freshnessLifetime(Duration.ofSeconds(60))
          .build();

  @Test
  void aDerivationRunsOnceWhileItIsTheOneAskedFor() {
    Counting lengths = new Counting();

    Object first = entry.derived(lengths);
    Object second = entry.derived(lengths);
    Object third = entry.derived(lengths);

    assertThat(lengths.runs.get()).isEqualTo(1);
    assertThat(second).isSameAs(first);
    assertThat(third).isSameAs(first);
  }

  @Test
  void anotherDerivationIsRunForItselfAndNeverGetsTheFirstOnesValue() {
    Counting first = new Counting();
    Counting second = new Counting();

    Object fromFirst = entry.derived(first);
    Object fromSecond = entry.derived(second);
    Object fromFirstAgain = entry.derived(first);

    assertThat(fromSecond).isNotSameAs(fromFirst);
    assertThat(fromFirstAgain).isNotSameAs(fromSecond);
    assertThat(first.runs.get()).isEqualTo(2);
    assertThat(second.runs.get()).isEqualTo(1);
  }

  @Test
  void hitsSharingAFullViewShareWhatWasDerivedFromIt() {
    Counting derivation = new Counting();
    Instant now = STORED.plusMillis(1500);

    entry.fullView(now).derived(derivation); // the first hit in this second: its view is not kept
    Object fromOneHit = entry.fullView(now.plusMillis(100)).derived(derivation);
    Object fromTheNext = entry.fullView(now.plusMillis(200)).derived(derivation);

    assertThat(fromTheNext).isSameAs(fromOneHit);
    assertThat(derivation.runs.get()).isEqualTo(2);
  }

  @Test
  void derivingNeverChangesTheResponse() {
    CachedResponse copy = entry.newBuilder().build();

    entry.derived(new Counting());

    assertThat(entry).isEqualTo(copy);
    assertThat(entry.hashCode()).isEqualTo(copy.hashCode());
    assertThat(entry.toString()).isEqualTo(copy.toString());
    assertThat(entry.size()).isEqualTo(copy.size());
  }

  /** Derives a new object each run and counts the runs. */
  private static final class Counting implements CachedResponse.Derivation<Object> {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public Object derive(CachedResponse response) {
      runs.incrementAndGet();
      return new Object();
    }
  }
}
