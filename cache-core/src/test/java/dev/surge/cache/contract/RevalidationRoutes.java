package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import dev.surge.cache.internal.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract application's pages for the revalidation suite, under {@code /revalidate/}: pages that answer
 * conditional requests cheaply, the way an application using a version number as its validator does. Each
 * is at version 1 until {@link #publish()}; a conditional request that names the current version gets a
 * {@code 304} (with {@code X-Answer: 304}), anything else the page in full.
 *
 * <p>Pages: {@code /revalidate/etag} ({@code max-age=10}, {@code ETag: "rN"}), {@code
 * /revalidate/last-modified} ({@code max-age=10}, a {@code Last-Modified} one day later per version, no ETag),
 * {@code /revalidate/no-cache} ({@code no-cache}, {@code ETag: "rN"}).
 */
public final class RevalidationRoutes {

  /** The path prefix of these pages. */
  public static final String PREFIX = "/revalidate/";
  private static final ZonedDateTime FIRST_VERSION = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /** How the application answers a conditional request. */
  public enum Mode {
    /** As the page's version says: 304 when the client's validator is current. */
    ANSWER,
    /** 304 with an {@code ETag} the page never had. */
    OTHER_TAG,
    /** 503 Service Unavailable. */
    UNAVAILABLE,
    /** Throw from the application. */
    THROW
  }

  private volatile int version = 1;
  private volatile Mode mode = Mode.ANSWER;
  private final AtomicInteger fullRenders = new AtomicInteger();
  private final AtomicInteger notModifiedAnswers = new AtomicInteger();
  private final List<String> validatorsSeen = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean holdNext = new AtomicBoolean();
  private final CountDownLatch heldEntered = new CountDownLatch(1);
  private final CountDownLatch heldReleased = new CountDownLatch(1);

  /** Makes every page one version newer: its validators change and a conditional request gets it in full. */
  public void publish() {
    version++;
  }

  /** Makes the following answers go as {@code next} says. */
  public void answerNext(Mode next) {
    mode = next;
  }

  /** Holds the next request until {@link #release}; the requests after it are not held. */
  public void holdNext() {
    holdNext.set(true);
  }

  /** Waits until the held request has started; false after the bound. */
  public boolean awaitHeld(long seconds) throws InterruptedException {
    return heldEntered.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the held request go on, as {@code then} says (and the following ones too). */
  public void release(Mode then) {
    mode = then;
    heldReleased.countDown();
  }

  /** How many times a page was sent in full. */
  public int fullRenders() {
    return fullRenders.get();
  }

  /** How many 304s the application answered. */
  public int notModifiedAnswers() {
    return notModifiedAnswers.get();
  }

  /** The {@code If-None-Match} and {@code If-Modified-Since} of every request, as the application saw them. */
  public List<String> validatorsSeen() {
    synchronized (validatorsSeen) {
      return List.copyOf(validatorsSeen);
    }
  }

  /** The current {@code ETag} of the pages that have one. */
  public String etag() {
    return "\"r" + version + "\"";
  }

  ContractResponse handle(ContractRequest request) throws InterruptedException {
    if (holdNext.compareAndSet(true, false)) {
      heldEntered.countDown();
      if (!heldReleased.await(30, TimeUnit.SECONDS)) {
        return text(503, List.of(), "held request never released");
      }
    }
    String path = request.path();
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    Optional<String> ifModifiedSince = request.header("If-Modified-Since");
    validatorsSeen.add(ifNoneMatch.orElse("-") + " | " + ifModifiedSince.orElse("-"));
    switch (mode) {
      case UNAVAILABLE -> {
        return text(503, List.of(new Field("Cache-Control", "no-store")), "unavailable");
      }
      case THROW -> throw new IllegalStateException("the revalidation of " + path + " failed on purpose");
      default -> { }
    }
    List<Field> validators = new ArrayList<>();
    Instant lastModifiedAt = FIRST_VERSION.plusDays(version).toInstant();
    String lastModified = HttpDates.format(lastModifiedAt);
    boolean current;
    switch (path) {
      case "/revalidate/last-modified" -> {
        validators.add(new Field("Cache-Control", "max-age=10"));
        validators.add(new Field("Last-Modified", lastModified));
        current = ifModifiedSince.flatMap(HttpDates::parse).filter(since -> !since.isBefore(lastModifiedAt)).isPresent();
      }
      case "/revalidate/no-cache" -> {
        validators.add(new Field("Cache-Control", "no-cache"));
        validators.add(new Field("ETag", etag()));
        current = ifNoneMatch.filter(etag()::equals).isPresent();
      }
      default -> {
        validators.add(new Field("Cache-Control", "max-age=10"));
        validators.add(new Field("ETag", etag()));
        current = ifNoneMatch.filter(etag()::equals).isPresent();
      }
    }
    if (mode == Mode.OTHER_TAG && (ifNoneMatch.isPresent() || ifModifiedSince.isPresent())) {
      notModifiedAnswers.incrementAndGet();
      return new ContractResponse(304, new ArrayList<>(List.of(new Field("ETag", "\"other\""))), new byte[0]);
    }
    if (current) {
      List<Field> fields = new ArrayList<>(validators);
      fields.add(new Field("X-Answer", "304 #" + notModifiedAnswers.incrementAndGet()));
      return new ContractResponse(304, fields, new byte[0]);
    }
    List<Field> fields = new ArrayList<>(validators);
    fields.add(new Field("X-Answer", "200"));
    return text(200, fields, "page " + path + " version " + version + " render " + fullRenders.incrementAndGet());
  }

  private static ContractResponse text(int status, List<Field> headers, String body) {
    List<Field> fields = new ArrayList<>(headers);
    fields.add(new Field("Content-Type", "text/plain;charset=utf-8"));
    return new ContractResponse(status, fields, body.getBytes(StandardCharsets.UTF_8));
  }
}
