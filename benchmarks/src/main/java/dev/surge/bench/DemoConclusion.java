package dev.surge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the demo showed, one sentence per adapter measured both without and with Surge, computed from the
 * results: {@code Jetty: 14× the throughput with Surge, p99 210 → 3.1 ms, every page rendered once (the
 * hottest 4,210 times without)}.
 */
final class DemoConclusion {

  private DemoConclusion() {}

  /** One sentence per adapter with both configurations among {@code results}, in the order measured. */
  static List<String> sentences(List<DemoResult> results) {
    List<String> sentences = new ArrayList<>();
    results.stream().map(DemoResult::adapter).distinct()
        .forEach(adapter -> sentence(results, adapter).ifPresent(sentences::add));
    return sentences;
  }

  /** The sentence for {@code adapter}, when {@code results} hold it both without and with Surge. */
  static Optional<String> sentence(List<DemoResult> results, String adapter) {
    Optional<DemoResult> plain = find(results, adapter, false);
    Optional<DemoResult> cached = find(results, adapter, true);
    return plain.isPresent() && cached.isPresent()
        ? Optional.of(sentence(plain.get(), cached.get()))
        : Optional.empty();
  }

  private static String sentence(DemoResult plain, DemoResult cached) {
    String sentence = String.format(Locale.ROOT, "%s: %s the throughput with Surge, p99 %s → %s ms, %s",
        displayName(cached.adapter()), times(cached.throughput() / plain.throughput()), millis(plain.p99Millis()),
        millis(cached.p99Millis()), renders(plain, cached));
    long errors = plain.errors() + cached.errors();
    return errors == 0 ? sentence : sentence + String.format(Locale.ROOT, "; %,d requests failed", errors);
  }

  private static String renders(DemoResult plain, DemoResult cached) {
    int most = cached.mostRendersOfOnePage();
    String withSurge = most == 1 ? "every page rendered once"
        : String.format(Locale.ROOT, "at most %,d renders of one page", most);
    return String.format(Locale.ROOT, "%s (the hottest %,d times without)", withSurge, plain.mostRendersOfOnePage());
  }

  /**
   * The sentence for the revalidation run: renders of pages rendered before (the ones revalidation can save)
   * against what rendering every stale page again would have cost (one more per 304 the renderer answered), all
   * renders likewise, and Surge's own count of revalidations: {@code Revalidation, Jetty: pages rendered before
   * were rendered 21 times instead of 100 (4.8× fewer; ...)}.
   */
  static String sentence(RevalidationResult run) {
    String sentence = String.format(Locale.ROOT, "Revalidation, %s: pages rendered before were rendered %s"
        + " instead of %,d (%s; all renders %,d instead of %,d in %s, pages fresh for %s, 1 in %d changing every %s;"
        + " the renderer answered %,d stale pages with a 304, Surge counted %,d revalidated)",
        displayName(run.adapter()), howOften(run.renderedAgain()), run.renderedAgainWithoutRevalidation(),
        fewer(run.renderedAgain(), run.notModifiedAnswers()), run.renders(), run.rendersWithoutRevalidation(),
        RevalidationResult.seconds(run.counted()), RevalidationResult.seconds(run.ttl()), VersionedWiki.CHANGING_ONE_IN,
        RevalidationResult.seconds(VersionedWiki.CHANGE_EVERY), run.notModifiedAnswers(), run.revalidated());
    return run.errors() == 0 ? sentence : sentence + String.format(Locale.ROOT, "; %,d requests failed", run.errors());
  }

  /** {@code once}, {@code 1,200 times}. */
  private static String howOften(long count) {
    return count == 1 ? "once" : String.format(Locale.ROOT, "%,d times", count);
  }

  /** {@code 4.8× fewer} renders, with {@code saved} more had they not been saved. */
  private static String fewer(long renders, long saved) {
    return saved == 0 ? "none saved" : renders == 0 ? "every one saved" : times((double) (renders + saved) / renders)
        + " fewer";
  }

  /** {@code 14×} from ten up, {@code 2.3×} below. */
  static String times(double ratio) {
    return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.1f×", ratio);
  }

  /** Milliseconds, whole from ten up, else with two significant digits: {@code 9,699}, {@code 3.1}, {@code 0.42}. */
  static String millis(double millis) {
    String pattern = millis >= 10 ? "%,.0f" : millis >= 1 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, millis);
  }

  /** {@code Jetty}, {@code Spring}, {@code Vert.x}. */
  static String displayName(String adapter) {
    return switch (adapter) {
      case "vertx" -> "Vert.x";
      case "jetty" -> "Jetty";
      case "spring" -> "Spring";
      default -> adapter;
    };
  }

  private static Optional<DemoResult> find(List<DemoResult> results, String adapter, boolean cached) {
    return results.stream().filter(r -> r.adapter().equals(adapter) && r.cached() == cached).findFirst();
  }
}
