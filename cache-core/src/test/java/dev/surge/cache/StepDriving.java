package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.PipelineStep.Await;
import dev.surge.cache.PipelineStep.Outcome;
import dev.surge.cache.PipelineStep.Proceed;
import java.util.concurrent.TimeUnit;

/** Drives a {@link PipelineStep} the way an adapter does, asserting the outcome's kind on the way. */
final class StepDriving {

  private StepDriving() {}

  /** The exchange of {@code outcome}, which must be a {@link Proceed}. */
  static PipelineStep.Exchange proceed(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Proceed.class);
    return ((Proceed) outcome).exchange();
  }

  /** What {@code outcome}, which must be an {@link Await}, comes to (within 30 s). */
  static Outcome next(Outcome outcome) throws Exception {
    assertThat(outcome).isInstanceOf(Await.class);
    return ((Await) outcome).next().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
