package dev.surge.cache.contract;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Checks responses of the {@link FaultRoutes} against what the application rendered, from many threads at
 * once, and keeps every inconsistency it finds (with what was asked) and a count of what it checked. A full
 * response must be a 200 whose body is byte for byte a page rendered for that path, with that page's
 * {@code ETag} and, when a length is sent, the body's length; a HEAD must carry no body and, when it names
 * an {@code ETag} or length, those of a rendered page; a 304 must carry no body, no non-zero length, and the
 * {@code ETag} of a rendered page (the one asked about, when the request named one).
 *
 * <p>Purges are audited too: once a purge of a path has returned, a request for it that starts afterwards must
 * not be answered with a render that had started before the purge began (by its body, or the page its {@code
 * ETag} names), since that render was either removed by the purge or running during it, and so never stored.
 */
final class ResponseAudit {

  private final FaultRoutes faults;
  private final ToIntFunction<String> rendersStarted;
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  /** Per path, the newest render that a purge which has returned was bound to remove. */
  private final ConcurrentMap<String, Integer> purgedThrough = new ConcurrentHashMap<>();

  /** An audit of the pages {@code faults} rendered, numbered as {@code rendersStarted} counts the renders of a path. */
  ResponseAudit(FaultRoutes faults, ToIntFunction<String> rendersStarted) {
    this.faults = faults;
    this.rendersStarted = rendersStarted;
  }

  /** The renders of each of {@code paths} started so far: take them just before a purge of those paths begins. */
  Map<String, Integer> beforePurge(Collection<String> paths) {
    Map<String, Integer> started = new TreeMap<>();
    paths.forEach(path -> started.put(path, rendersStarted.applyAsInt(path)));
    return started;
  }

  /** Records that the purge {@link #beforePurge} was taken for has returned. */
  void purged(Map<String, Integer> startedBeforePurge) {
    startedBeforePurge.forEach((path, render) -> purgedThrough.merge(path, render, Math::max));
  }

  /**
   * The newest render of {@code path} that a returned purge removed: take it just before sending a request,
   * and pass it to the check of the answer, which must carry a newer render.
   */
  int purgedThrough(String path) {
    return purgedThrough.getOrDefault(path, 0);
  }

  /** Checks the answer to a request that must get the full page: a GET, or a conditional one that cannot match. */
  void full(String kind, String path, HttpResponse<byte[]> response) {
    full(kind, path, response, 0);
  }

  /** As {@link #full(String, String, HttpResponse)}, for a request sent after renders up to {@code purgedThrough} were purged. */
  void full(String kind, String path, HttpResponse<byte[]> response, int purgedThrough) {
    count(kind + " " + response.statusCode());
    if (response.statusCode() != 200) {
      problem(kind, path, "status " + response.statusCode() + " where only 200 fits");
      return;
    }
    wholePage(kind, path, response);
    newerThanPurge(kind, path, response.body(), purgedThrough);
  }

  /** Checks the answer to a HEAD sent after renders up to {@code purgedThrough} were purged. */
  void head(String kind, String path, HttpResponse<byte[]> response, int purgedThrough) {
    count(kind + " " + response.statusCode());
    if (response.statusCode() != 200) {
      problem(kind, path, "status " + response.statusCode() + " where only 200 fits");
    }
    if (response.body().length != 0) {
      problem(kind, path, "a HEAD carried " + response.body().length + " body bytes");
    }
    Optional<String> etag = response.headers().firstValue("ETag");
    Optional<byte[]> page = etag.flatMap(tag -> faults.renderedWithEtag(path, tag));
    if (etag.isPresent() && page.isEmpty()) {
      problem(kind, path, "a HEAD named ETag " + etag.get() + ", which no render of the path had");
    }
    page.ifPresent(named -> newerThanPurge(kind, path, named, purgedThrough));
    Optional<String> length = response.headers().firstValue("Content-Length");
    if (page.isPresent() && length.isPresent() && !length.get().equals(Integer.toString(page.get().length))) {
      problem(kind, path, "a HEAD said Content-Length " + length.get() + " for a page of " + page.get().length);
    }
  }

  /**
   * Checks the answer to a conditional GET that may be a 304 (naming {@code askedEtag} when the request's
   * {@code If-None-Match} did) or the full page, sent after renders up to {@code purgedThrough} were purged.
   */
  void conditional(
      String kind, String path, HttpResponse<byte[]> response, Optional<String> askedEtag, int purgedThrough) {
    count(kind + " " + response.statusCode());
    if (response.statusCode() == 200) {
      wholePage(kind, path, response);
      newerThanPurge(kind, path, response.body(), purgedThrough);
      return;
    }
    if (response.statusCode() != 304) {
      problem(kind, path, "status " + response.statusCode() + " where only 200 or 304 fit");
      return;
    }
    if (response.body().length != 0) {
      problem(kind, path, "a 304 carried " + response.body().length + " body bytes");
    }
    Optional<String> length = response.headers().firstValue("Content-Length");
    if (length.isPresent() && !length.get().equals("0")) {
      problem(kind, path, "a 304 said Content-Length " + length.get());
    }
    Optional<String> etag = response.headers().firstValue("ETag");
    Optional<byte[]> page = etag.flatMap(tag -> faults.renderedWithEtag(path, tag));
    if (page.isEmpty()) {
      problem(kind, path, "a 304 named ETag " + etag.orElse("(none)") + ", which no render of the path had");
    } else if (askedEtag.isPresent() && !askedEtag.equals(etag)) {
      problem(kind, path, "a 304 to If-None-Match " + askedEtag.get() + " named " + etag.get());
    } else {
      newerThanPurge(kind, path, page.get(), purgedThrough);
    }
  }

  /** Records a request that failed outright. */
  void failed(String kind, String path, Exception failure) {
    count(kind + " failed");
    problem(kind, path, "the request failed: " + failure);
  }

  /** Counts something done that is not a response, such as a purge. */
  void count(String what) {
    counts.computeIfAbsent(what, ignored -> new LongAdder()).increment();
  }

  /** Every inconsistency found, in the order found. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** How many of each kind of request, answer and action were checked. */
  Map<String, Long> counts() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((what, count) -> sorted.put(what, count.sum()));
    return sorted;
  }

  private void wholePage(String kind, String path, HttpResponse<byte[]> response) {
    byte[] body = response.body();
    if (!faults.rendered(path, body)) {
      problem(kind, path, "a body of " + body.length + " bytes that no render of the path produced: "
          + new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8).strip());
    }
    Optional<String> etag = response.headers().firstValue("ETag");
    if (!etag.equals(Optional.of(FaultRoutes.etagOf(body)))) {
      problem(kind, path, "ETag " + etag.orElse("(none)") + " on a body whose ETag is " + FaultRoutes.etagOf(body));
    }
    Optional<String> length = response.headers().firstValue("Content-Length");
    if (length.isPresent() && !length.get().equals(Integer.toString(body.length))) {
      problem(kind, path, "Content-Length " + length.get() + " on a body of " + body.length + " bytes");
    }
  }

  /** Records a problem when {@code page}, a render of {@code path}, is one a returned purge removed. */
  private void newerThanPurge(String kind, String path, byte[] page, int purgedThrough) {
    int render = FaultRoutes.renderOf(page);
    if (render <= purgedThrough) {
      problem(kind, path, "render " + render + " after a purge that returned had removed renders up to " + purgedThrough);
    }
  }

  private void problem(String kind, String path, String what) {
    problems.add(kind + " " + path + ": " + what);
  }
}
