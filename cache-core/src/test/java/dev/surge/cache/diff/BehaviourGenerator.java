package dev.surge.cache.diff;

import dev.surge.cache.diff.Behaviour.CookieKind;
import dev.surge.cache.diff.Behaviour.DeclaredLength;
import dev.surge.cache.diff.Behaviour.Ending;
import dev.surge.cache.diff.Behaviour.Failure;
import dev.surge.cache.diff.Behaviour.NotModifiedForm;
import dev.surge.cache.diff.Behaviour.Output;
import dev.surge.cache.diff.Behaviour.Revision;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * Draws the {@link Behaviour} of case {@code caseId} from a seed: the same seed and case always give the same
 * behaviour, so the application with Surge and the one without act alike, and a failure is reproduced by its
 * seed and case number. The draws lean towards the places where a capture goes wrong: body sizes at the
 * containers' buffer sizes and at the entry limit, text a charset cannot encode, flushes, declared lengths
 * that lie, errors after a partial write, pages that change between moments and 304s that leave fields out.
 * Draws added later come after the earlier ones, so a seed's cases keep what they were drawn with before.
 */
public final class BehaviourGenerator {

  /** The containers' response buffer sizes (Tomcat 8 KiB, Jetty 32 KiB) and the entry limit of the suite. */
  private static final int[] BOUNDARIES = {8 * 1024, 32 * 1024, DiffSettings.MAXIMUM_ENTRY_BYTES};
  private static final List<String> PIECES = List.of(
      "hello", "plain ascii text", "café", "naïve", "€ 5", "\uD83D\uDE00", "日本語", "\uD800", "\uDE00\uD83D",
      "line\r\nbreak", "tab\there", "\u00ff\u0100", "quote\"s", "<p>&amp;</p>");

  private BehaviourGenerator() {}

  /** The behaviour of case {@code caseId} under {@code seed}. */
  public static Behaviour generate(long seed, int caseId) {
    Random random = new Random(seed * 1_000_003L + caseId);
    Output output = random.nextBoolean() ? Output.STREAM : Output.WRITER;
    Charset charset = pick(random, 60, StandardCharsets.UTF_8, 25, StandardCharsets.ISO_8859_1, 15, StandardCharsets.UTF_16);
    int bodyChars = bodyChars(random);
    boolean echoesUser = random.nextInt(100) < 15;
    Optional<String> cacheControl = cacheControl(random, echoesUser);
    Ending ending = pick(random, 80, Ending.NORMAL, 5, Ending.SEND_ERROR, 5, Ending.SEND_REDIRECT, 5, Ending.ASYNC,
        5, Ending.FAILING_PIPE);
    return new Behaviour(
        caseId,
        pick(random, 80, 200, 5, 203, 5, 404, 3, 410, 4, 500, 3, 301),
        output,
        charset,
        text(random),
        bodyChars,
        writeSize(random, bodyChars),
        flushes(random),
        output == Output.STREAM
            ? pick(random, 70, DeclaredLength.NONE, 20, DeclaredLength.RIGHT, 5, DeclaredLength.SHORT, 5, DeclaredLength.LONG)
            : DeclaredLength.NONE,
        cacheControl,
        random.nextInt(100) < 25,
        pick(random, 85, CookieKind.NONE, 7, CookieKind.API, 8, CookieKind.HEADER),
        random.nextInt(100) < 10,
        pick(random, 90, Failure.NONE, 4, Failure.BEFORE_WRITING, 6, Failure.AFTER_PARTIAL_WRITE),
        ending,
        random.nextInt(100) < 15,
        echoesUser,
        random.nextInt(100) < 30
            ? Optional.of((random.nextBoolean() ? "W/" : "") + "\"v" + caseId + "\"")
            : Optional.empty(),
        random.nextInt(100) < 20 ? Optional.of(Behaviour.LAST_MODIFIED) : Optional.empty(),
        pick(random, 40, Revision.STEADY, 25, Revision.FIELD, 20, Revision.CONTENT, 15, Revision.TAG_STRENGTH),
        pick(random, 50, NotModifiedForm.FULL, 25, NotModifiedForm.WITHOUT_VALIDATORS, 25, NotModifiedForm.CHANGES_ONLY));
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(4);
    for (int i = 0; i < pieces; i++) {
      text.append(i == 0 ? "" : " ").append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return text.toString();
  }

  private static int bodyChars(Random random) {
    int draw = random.nextInt(100);
    if (draw < 10) {
      return 0;
    }
    if (draw < 50) {
      return 1 + random.nextInt(300);
    }
    if (draw < 85) {
      int boundary = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
      return Math.max(1, boundary - 4 + random.nextInt(9) - (random.nextBoolean() ? 0 : boundary / 2));
    }
    return 1 + random.nextInt(2 * DiffSettings.MAXIMUM_ENTRY_BYTES);
  }

  private static int writeSize(Random random, int bodyChars) {
    if (bodyChars < 400 && random.nextInt(10) == 0) {
      return 1;
    }
    return pick(random, 20, 7, 25, 100, 25, 1000, 15, 4096, 15, Integer.MAX_VALUE);
  }

  private static List<Integer> flushes(Random random) {
    TreeSet<Integer> after = new TreeSet<>();
    if (random.nextInt(100) < 35) {
      int count = 1 + random.nextInt(2);
      for (int i = 0; i < count; i++) {
        after.add(1 + random.nextInt(4));
      }
    }
    return List.copyOf(after);
  }

  private static Optional<String> cacheControl(Random random, boolean personal) {
    List<String> choices = new ArrayList<>(List.of("max-age=60", "max-age=60", "private, max-age=60", "no-store",
        "no-cache", "max-age=0"));
    if (!personal) {
      choices.addAll(List.of("public, max-age=60", "s-maxage=30", "max-age=60, stale-if-error=60"));
    }
    return random.nextInt(100) < 35 ? Optional.empty() : Optional.of(choices.get(random.nextInt(choices.size())));
  }

  /** One of the values, each drawn with the weight before it (weights summing to 100). */
  @SuppressWarnings("unchecked")
  private static <T> T pick(Random random, Object... weightsAndValues) {
    int draw = random.nextInt(100);
    for (int i = 0; i < weightsAndValues.length; i += 2) {
      draw -= (Integer) weightsAndValues[i];
      if (draw < 0) {
        return (T) weightsAndValues[i + 1];
      }
    }
    return (T) weightsAndValues[weightsAndValues.length - 1];
  }
}
