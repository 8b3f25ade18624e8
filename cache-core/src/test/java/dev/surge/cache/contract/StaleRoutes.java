package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The contract application's pages for the stale-serving suite, under {@code /stale/}: each is fresh for 10 s
 * and says how long it may be served stale; a test chooses how the next renders go (normally, answering 503,
 * throwing, or held until released).
 *
 * <p>Pages: {@code /stale/while-revalidating} ({@code stale-while-revalidate=30}), {@code /stale/if-error}
 * ({@code stale-if-error=60}), {@code /stale/must-revalidate} (both windows and {@code must-revalidate}),
 * {@code /stale/plain} (no window of its own).
 */
public final class StaleRoutes {

  /** The path prefix of these pages. */
  public static final String PREFIX = "/stale/";

  /** How the next renders go. */
  public enum Mode {
    /** Render the page. */
    NORMAL,
    /** Answer 503 Service Unavailable. */
    UNAVAILABLE,
    /** Throw from the application. */
    THROW,
    /** Wait until {@link #release}, then go as it says. */
    HELD
  }

  private volatile Mode mode = Mode.NORMAL;
  private final CountDownLatch heldEntered = new CountDownLatch(1);
  private final CountDownLatch heldReleased = new CountDownLatch(1);

  /** Makes the following renders go as {@code next} says. */
  public void renderNext(Mode next) {
    mode = next;
  }

  /** Waits until a held render has started; false after the bound. */
  public boolean awaitHeldRender(long seconds) throws InterruptedException {
    return heldEntered.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets held renders finish, as {@code then} says (and the following renders too). */
  public void release(Mode then) {
    mode = then;
    heldReleased.countDown();
  }

  ContractResponse render(String path, int render) throws InterruptedException {
    if (mode == Mode.HELD) {
      heldEntered.countDown();
      if (!heldReleased.await(30, TimeUnit.SECONDS)) {
        return text(503, "no-store", "held render never released");
      }
    }
    switch (mode) {
      case UNAVAILABLE -> {
        return text(503, "no-store", "unavailable");
      }
      case THROW -> throw new IllegalStateException("the render of " + path + " failed on purpose");
      default -> {
        String cacheControl =
            switch (path) {
              case "/stale/while-revalidating" -> "max-age=10, stale-while-revalidate=30";
              case "/stale/if-error" -> "max-age=10, stale-if-error=60";
              case "/stale/must-revalidate" ->
                  "max-age=10, must-revalidate, stale-while-revalidate=30, stale-if-error=60";
              default -> "max-age=10";
            };
        return text(200, cacheControl, "page " + path + " render " + render);
      }
    }
  }

  private static ContractResponse text(int status, String cacheControl, String body) {
    return new ContractResponse(
        status,
        List.of(new Field("Cache-Control", cacheControl), new Field("Content-Type", "text/plain;charset=utf-8")),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
