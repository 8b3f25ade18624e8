package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application every adapter serves in the contract suite, free of any framework. Each GET body names
 * the path and how many times that path has been rendered, so a test can tell a cached answer from a fresh
 * render; {@link #renders(String)} counts the renders.
 *
 * <p>Routes: {@code /pages/*} (plain pages), {@code /fresh-for-10s} ({@code max-age=10}), {@code /cookie}
 * ({@code Set-Cookie}), {@code /private}, {@code /no-store}, {@code /vary} ({@code Vary: Accept-Language}),
 * {@code /vary-narrowing} ({@code Vary: Accept-Language, X-Tier} on its first render, {@code Vary:
 * Accept-Language} on later ones), {@code /validated} (ETag and Last-Modified), {@code /tagged/a} and {@code
 * /tagged/b} ({@code Surrogate-Key}), {@code /public} ({@code public, max-age=60}), {@code /binary} (every byte
 * value), {@code /large} (256 KiB of a fixed pseudo-random sequence), {@code /error} (500), {@code /slow} (held
 * until {@link #releaseSlowRenders()}), unsafe methods on {@code /items/*} (204; on {@code /items/new} 201 with a
 * {@code Location} and a {@code Content-Location}) and elsewhere (405), the pages of {@link StaleRoutes}, and the
 * {@link FaultRoutes} under {@code /fault/}, the {@link RevalidationRoutes} under {@code /revalidate/} and the
 * {@link CompressionRoutes} under {@code /compress/}.
 */
public final class ContractApplication {

  /** The {@code Last-Modified} of {@code /validated}. */
  public static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";
  /** The {@code ETag} of {@code /validated}. */
  public static final String ETAG = "\"v1\"";
  /** The size of {@code /large}. */
  public static final int LARGE_BYTES = 256 * 1024;

  private final ConcurrentMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();
  private final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch slowReleased = new CountDownLatch(1);
  private final StaleRoutes stale = new StaleRoutes();
  private final RevalidationRoutes revalidation = new RevalidationRoutes();
  private final FaultRoutes faults = new FaultRoutes();

  /** How many times {@code path} has been rendered (any method). */
  public int renders(String path) {
    AtomicInteger count = renders.get(path);
    return count == null ? 0 : count.get();
  }

  /** Waits until a request for {@code /slow} is rendering; false after the bound. */
  public boolean awaitSlowRender(long seconds) throws InterruptedException {
    return slowEntered.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets every held and future {@code /slow} render finish. */
  public void releaseSlowRenders() {
    slowReleased.countDown();
  }

  /** The pages of the stale-serving suite, to choose how their next renders go. */
  public StaleRoutes stale() {
    return stale;
  }

  /** The pages of the revalidation suite, to choose how they answer. */
  public RevalidationRoutes revalidation() {
    return revalidation;
  }

  /** The routes under {@code /fault/}, for the fault and stress groups. */
  public FaultRoutes faults() {
    return faults;
  }

  /** Renders the response to {@code request}. */
  public ContractResponse handle(ContractRequest request) throws InterruptedException {
    String path = request.path();
    int render = renders.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
    if (path.startsWith("/leak/")) {
      return LeakPages.render(request, render);
    }
    if (path.startsWith("/attack/")) {
      return AttackRoutes.handle(request, render);
    }
    List<Field> headers = new ArrayList<>();
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      if (path.equals("/items/new")) {
        headers.add(new Field("Location", "/items/list"));
        headers.add(new Field("Content-Location", "/items/new/view"));
        return text(201, headers, "created");
      }
      return path.startsWith("/items/")
          ? new ContractResponse(204, headers, new byte[0])
          : text(405, headers, "method not allowed");
    }
    if (path.startsWith(StaleRoutes.PREFIX)) {
      return stale.render(path, render);
    }
    if (path.startsWith(RevalidationRoutes.PREFIX)) {
      return revalidation.handle(request);
    }
    if (path.startsWith(BadInputRoutes.PREFIX)) {
      return BadInputRoutes.respond(path, render);
    }
    if (path.startsWith(CompressionRoutes.PREFIX)) {
      return CompressionRoutes.handle(request, render);
    }
    if (path.startsWith(FaultRoutes.PREFIX)) {
      return faults.handle(request, render);
    }
    String page = "page " + path + " render " + render;
    switch (path) {
      case "/fresh-for-10s" -> headers.add(new Field("Cache-Control", "max-age=10"));
      case "/cookie" -> headers.add(new Field("Set-Cookie", "session=s3cr3t-session-id; Path=/; HttpOnly"));
      case "/private" -> headers.add(new Field("Cache-Control", "private, max-age=60"));
      case "/no-store" -> headers.add(new Field("Cache-Control", "no-store"));
      case "/public" -> headers.add(new Field("Cache-Control", "public, max-age=60"));
      case "/vary" -> {
        headers.add(new Field("Vary", "Accept-Language"));
        page = page + " lang " + request.header("Accept-Language").orElse("none");
      }
      case "/vary-narrowing" -> {
        // the first render varies on two fields, every later one on the first of them only
        headers.add(new Field("Vary", render == 1 ? "Accept-Language, X-Tier" : "Accept-Language"));
        page = page + " lang " + request.header("Accept-Language").orElse("none")
            + " tier " + request.header("X-Tier").orElse("none");
      }
      case "/validated" -> {
        headers.add(new Field("ETag", ETAG));
        headers.add(new Field("Last-Modified", LAST_MODIFIED));
      }
      case "/tagged/a" -> headers.add(new Field("Surrogate-Key", "team-a shared"));
      case "/tagged/b" -> headers.add(new Field("Surrogate-Key", "team-b shared"));
      case "/binary" -> {
        headers.add(new Field("Content-Type", "application/octet-stream"));
        return new ContractResponse(200, headers, everyByteValue());
      }
      case "/large" -> {
        headers.add(new Field("Content-Type", "application/octet-stream"));
        return new ContractResponse(200, headers, largeBody());
      }
      case "/error" -> {
        return text(500, headers, page);
      }
      case "/slow" -> {
        slowEntered.countDown();
        if (!slowReleased.await(30, TimeUnit.SECONDS)) {
          return text(503, headers, "slow render never released");
        }
      }
      default -> {
        if (!path.startsWith("/pages/") && !path.startsWith("/items/")) {
          return text(404, headers, "no such page " + path);
        }
      }
    }
    return text(200, headers, page);
  }

  private static ContractResponse text(int status, List<Field> headers, String body) {
    headers.add(new Field("Content-Type", "text/plain;charset=utf-8"));
    return new ContractResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The body of {@code /large}: {@link #LARGE_BYTES} bytes of a fixed pseudo-random sequence, so that a body
   * cut short, shifted, reordered or with a chunk repeated differs from it (an all-zero body hides all four).
   */
  public static byte[] largeBody() {
    byte[] bytes = new byte[LARGE_BYTES];
    new SplittableRandom(LARGE_BYTES).nextBytes(bytes);
    return bytes;
  }

  /** The body of {@code /binary}: every byte value from 0 to 255, four times over. */
  public static byte[] everyByteValue() {
    byte[] bytes = new byte[1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
