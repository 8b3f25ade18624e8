package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * The contract application's routes under {@code /fault/}, for the fault and stress groups. Every whole body
 * they render is remembered by path, so a test can prove that a client only ever got a complete render of
 * the key it asked for; each carries an {@code ETag} derived from its bytes ({@link #etagOf}).
 *
 * <p>Routes (each page names its path and render number, then filler up to its size):
 *
 * <ul>
 *   <li>{@code /fault/fails-once/*}: the first render throws before writing; later ones render 4 KiB;
 *   <li>{@code /fault/breaks-once/*}: the first render writes half of its 64 KiB and then throws; later ones
 *       render it whole;
 *   <li>{@code /fault/large/*}: {@link #LARGE_BYTES}, larger than loopback socket buffers;
 *   <li>{@code /fault/held/*}: the first render of any such page is held until the test says how it ends
 *       ({@link #endHeldRender}); later renders give 256 KiB at once;
 *   <li>{@code /fault/stress/*}: 3000 bytes with a fixed {@code Last-Modified} and the tag {@code group-X}
 *       for a path {@code /fault/stress/X/...}.
 * </ul>
 */
public final class FaultRoutes {

  /** The path prefix of every fault route. */
  public static final String PREFIX = "/fault/";
  /** The size of {@code /fault/large/*} pages. */
  public static final int LARGE_BYTES = 8 * 1024 * 1024;
  /** The {@code Last-Modified} of {@code /fault/stress/*} pages. */
  public static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";

  private static final int SMALL_BYTES = 4 * 1024;
  private static final int BREAKING_BYTES = 64 * 1024;
  private static final int HELD_BYTES = 256 * 1024;
  private static final int STRESS_BYTES = 3000;
  private static final long HOLD_SECONDS = 30;

  /** How the held render ends. */
  public enum HeldEnding {
    /** It renders its page whole. */
    SUCCEEDS,
    /** It throws before writing anything. */
    FAILS,
    /** It writes part of its page and then throws. */
    BREAKS_OFF
  }

  private final ConcurrentMap<String, ConcurrentMap<String, byte[]>> renderedByPath = new ConcurrentHashMap<>();
  private final CountDownLatch heldEntered = new CountDownLatch(1);
  private final CompletableFuture<HeldEnding> heldEnding = new CompletableFuture<>();

  /** Renders {@code request}, the {@code render}-th render of its path. */
  ContractResponse handle(ContractRequest request, int render) throws InterruptedException {
    String path = request.path();
    int routeEnd = path.indexOf('/', PREFIX.length()) + 1;
    String route = routeEnd > 0 ? path.substring(PREFIX.length(), routeEnd) : "";
    return switch (route) {
      case "fails-once/" -> {
        if (render == 1) {
          throw new RenderFailure("the first render of " + path + " fails before writing");
        }
        yield page(path, render, SMALL_BYTES, List.of());
      }
      case "breaks-once/" ->
          render == 1 ? brokenOff(path, render, BREAKING_BYTES) : page(path, render, BREAKING_BYTES, List.of());
      case "large/" -> page(path, render, LARGE_BYTES, List.of(new Field("Content-Type", "application/octet-stream")));
      case "held/" -> render == 1 ? held(path, render) : page(path, render, HELD_BYTES, List.of());
      case "stress/" -> page(path, render, STRESS_BYTES, List.of(
          new Field("Last-Modified", LAST_MODIFIED),
          new Field("Surrogate-Key", "stress group-" + path.substring(routeEnd).split("/")[0])));
      default -> new ContractResponse(404, new ArrayList<>(List.of(new Field("Content-Type", "text/plain"))),
          ("no such fault route " + path).getBytes(StandardCharsets.UTF_8));
    };
  }

  /** Waits until the first render of a {@code /fault/held/} page is being held; false after the bound. */
  public boolean awaitHeldRender() throws InterruptedException {
    return heldEntered.await(HOLD_SECONDS, TimeUnit.SECONDS);
  }

  /** Lets the held render end as {@code ending}; a render held later ends the same way at once. */
  public void endHeldRender(HeldEnding ending) {
    heldEnding.complete(ending);
  }

  /** Whether {@code body} is, byte for byte, a whole page the application rendered for {@code path}. */
  public boolean rendered(String path, byte[] body) {
    return renderedWithEtag(path, etagOf(body)).filter(page -> Arrays.equals(page, body)).isPresent();
  }

  /** The whole page rendered for {@code path} whose {@code ETag} is {@code etag}, if any was. */
  public Optional<byte[]> renderedWithEtag(String path, String etag) {
    return Optional.ofNullable(renderedByPath.getOrDefault(path, new ConcurrentHashMap<>()).get(etag));
  }

  /** The render number a whole page names in its first line, {@code page <path> render <n>}; -1 if none. */
  public static int renderOf(byte[] page) {
    String head = new String(page, 0, Math.min(page.length, 200), StandardCharsets.UTF_8);
    int newline = head.indexOf('\n');
    int at = head.lastIndexOf(" render ", newline < 0 ? head.length() : newline);
    try {
      return at < 0 ? -1 : Integer.parseInt(head.substring(at + " render ".length(), newline < 0 ? head.length() : newline));
    } catch (NumberFormatException notAPage) {
      return -1;
    }
  }

  /** The {@code ETag} of a page with {@code body}: its length and a checksum of its bytes, quoted. */
  public static String etagOf(byte[] body) {
    CRC32C checksum = new CRC32C();
    checksum.update(body);
    return "\"" + body.length + "-" + Long.toHexString(checksum.getValue()) + "\"";
  }

  private ContractResponse held(String path, int render) throws InterruptedException {
    heldEntered.countDown();
    HeldEnding ending;
    try {
      ending = heldEnding.get(HOLD_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException notDecided) {
      ending = HeldEnding.FAILS;
    }
    return switch (ending) {
      case SUCCEEDS -> page(path, render, HELD_BYTES, List.of());
      case FAILS -> throw new RenderFailure("the held render of " + path + " fails before writing");
      case BREAKS_OFF -> brokenOff(path, render, HELD_BYTES);
    };
  }

  /** A page that is remembered and carries its {@code ETag}. */
  private ContractResponse page(String path, int render, int size, List<Field> extraHeaders) {
    byte[] body = body(path, render, size);
    renderedByPath.computeIfAbsent(path, ignored -> new ConcurrentHashMap<>()).put(etagOf(body), body);
    List<Field> headers = new ArrayList<>(extraHeaders);
    if (extraHeaders.stream().noneMatch(field -> field.name().equals("Content-Type"))) {
      headers.add(new Field("Content-Type", "text/plain;charset=utf-8"));
    }
    headers.add(new Field("ETag", etagOf(body)));
    return new ContractResponse(200, headers, body);
  }

  /** The first half of a page, which the adapter writes and flushes before the render throws. */
  private static ContractResponse brokenOff(String path, int render, int size) {
    byte[] half = Arrays.copyOf(body(path, render, size), size / 2);
    return new ContractResponse(
        200, new ArrayList<>(List.of(new Field("Content-Type", "text/plain;charset=utf-8"))), half, true);
  }

  /** {@code page <path> render <n>}, a newline, then lines of filler up to {@code size} bytes. */
  private static byte[] body(String path, int render, int size) {
    byte[] head = ("page " + path + " render " + render + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[size];
    byte[] filler = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      body[i] = filler[i % filler.length];
    }
    System.arraycopy(head, 0, body, 0, Math.min(head.length, size));
    return body;
  }
}
