package dev.surge.bench;

import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The paths one load run asks for: each run draws them afresh from the same seed, so every run and every
 * server sees the same sequence; {@link #distinct} is how many different pages the draw covers, which tells a
 * client replaying a prepared list (wrk) how long that list must be to cover them.
 */
record PathDraw(String label, Supplier<Supplier<String>> draw, int distinct) {

  private static final long SEED = 42L;

  /** Wiki pages drawn from a Zipf distribution over {@code pages} pages. */
  static PathDraw zipf(int pages, double exponent) {
    return new PathDraw("zipf", () -> LoadGenerator.zipfPages(pages, exponent), pages);
  }

  /** Wiki pages drawn uniformly from {@code pages} pages. */
  static PathDraw uniform(int pages) {
    return new PathDraw("uniform", () -> {
      UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(SEED);
      return () -> WikiSite.PREFIX + random.nextInt(pages);
    }, pages);
  }

  /** The same path on every request. */
  static PathDraw only(String path) {
    return new PathDraw("hot", () -> () -> path, 1);
  }

  /** A fresh draw. */
  Supplier<String> paths() {
    return draw.get();
  }
}
