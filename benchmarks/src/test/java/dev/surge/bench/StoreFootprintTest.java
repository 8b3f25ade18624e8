package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the default store charges for small pages against what they really hold on the heap. */
class StoreFootprintTest {

  @Test
  void twentyThousandTwoKilobytePagesAreChargedAtLeastTheHeapTheStoreRetains() {
    StoreFootprint footprint = StoreFootprint.measure(2048, 20_000, false);

    assertThat(footprint.storeRetained()).as("the heap the store retains beyond the bodies")
        .isGreaterThan(20_000L * (2048 + 1024));
    assertThat(footprint.charged()).as("stats().bytes(), against a retained heap of %,d bytes",
        footprint.storeRetained()).isGreaterThanOrEqualTo(footprint.storeRetained());
  }
}
