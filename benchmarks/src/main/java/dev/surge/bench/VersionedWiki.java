package dev.surge.bench;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;

/**
 * The wiki with a renderer that answers conditional requests, the way an application that keeps a version
 * number per page does: every page is sent with its version as its {@code ETag}, and a request whose {@code
 * If-None-Match} is the current tag gets a 304 at once, without a render. One page in {@link #CHANGING_ONE_IN}
 * (not the hottest) gets a new version every {@link #CHANGE_EVERY} by the clock; the others keep theirs.
 */
final class VersionedWiki implements PageSource {

  /** The share of pages whose version changes: one in this many. */
  static final int CHANGING_ONE_IN = 20;
  /** How often a changing page gets a new version. */
  static final Duration CHANGE_EVERY = Duration.ofSeconds(1);

  private final WikiSite site;
  private final InstantSource clock;
  private final LongAdder notModified = new LongAdder();

  VersionedWiki(WikiSite site, InstantSource clock) {
    this.site = site;
    this.clock = clock;
  }

  @Override
  public PageAnswer answer(String path, Optional<String> ifNoneMatch) {
    OptionalInt page = site.pageNumber(path);
    if (page.isEmpty()) {
      return PageAnswer.NOT_FOUND;
    }
    String etag = etag(page.getAsInt());
    if (ifNoneMatch.filter(etag::equals).isPresent()) {
      notModified.increment();
      return new PageAnswer.NotModified(Map.of("ETag", etag));
    }
    return site.render(path).<PageAnswer>map(body -> new PageAnswer.Page(body, Map.of("ETag", etag)))
        .orElse(PageAnswer.NOT_FOUND);
  }

  /** The page for {@code path}, rendered, as to a request without validators. */
  @Override
  public Optional<byte[]> render(String path) {
    return site.render(path);
  }

  /** The current tag of {@code page}: its version, quoted. */
  String etag(int page) {
    long version = page % CHANGING_ONE_IN == CHANGING_ONE_IN - 1 ? clock.millis() / CHANGE_EVERY.toMillis() : 0;
    return "\"v" + version + "\"";
  }

  /** Full renders so far. */
  long renders() {
    return site.renders();
  }

  /** Pages rendered at least once so far. */
  long pagesRendered() {
    return site.rendersPerPage().stream().filter(renders -> renders > 0).count();
  }

  /** Conditional requests answered with a 304 so far, each one a render not done. */
  long notModifiedAnswers() {
    return notModified.sum();
  }
}
