package dev.surge.bench;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application of the harness's sweeps: the pages of a {@link WikiSite} (about 2 KB each at one section) at
 * {@code /wiki/page-<n>}, and at {@code /size/<bytes>} an article page of about that many bytes (the
 * body-size sweep's hot page), built on first request and kept.
 */
final class SweepSite implements PageSource {

  /** The path prefix of the body-size pages. */
  static final String SIZE_PREFIX = "/size/";

  private final WikiSite wiki;
  private final Map<Integer, byte[]> articles = new ConcurrentHashMap<>();

  SweepSite(WikiSite wiki) {
    this.wiki = wiki;
  }

  /** The path of the body-size page of about {@code bytes} bytes. */
  static String sizedPath(int bytes) {
    return SIZE_PREFIX + bytes;
  }

  @Override
  public Optional<byte[]> render(String path) {
    if (!path.startsWith(SIZE_PREFIX)) {
      return wiki.render(path);
    }
    int bytes;
    try {
      bytes = Integer.parseInt(path.substring(SIZE_PREFIX.length()));
    } catch (NumberFormatException notASize) {
      return Optional.empty();
    }
    if (bytes < 1 || bytes > MOST_BYTES) {
      return Optional.empty();
    }
    return Optional.of(articles.computeIfAbsent(bytes, CompressibleBody::article));
  }

  /** The largest body-size page: 8 MB. */
  static final int MOST_BYTES = 8 << 20;
}
