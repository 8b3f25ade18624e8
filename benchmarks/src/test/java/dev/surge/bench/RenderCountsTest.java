package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RenderCountsTest {

  @Test
  void aCountsLineReadsBackAsTheSameCounts() {
    RenderCounts counts = new RenderCounts(1_234, 56_789, 56_700);

    assertThat(counts.line()).isEqualTo("COUNTS 1234 56789 56700");
    assertThat(RenderCounts.parse(counts.line())).isEqualTo(counts);
  }

  @Test
  void theCountsOfARunAreTheDifferenceOfTwoReadings() {
    RenderCounts run = new RenderCounts(150, 2_000, 1_990).minus(new RenderCounts(100, 500, 490));

    assertThat(run).isEqualTo(new RenderCounts(50, 1_500, 1_500));
  }

  @Test
  void anotherLineIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> RenderCounts.parse("cache: hit ratio 0.9"));
    assertThatIllegalArgumentException().isThrownBy(() -> RenderCounts.parse("COUNTS 1 2"));
  }
}
