package dev.surge.bench;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a demo or harness server answers for a path: the page's bytes, or nothing for a 404; and the header
 * fields a server writes with every page besides its {@code Content-Type} and {@code Content-Length}. A source
 * that keeps versions of its pages may also answer a conditional request with a 304 ({@link #answer}).
 */
interface PageSource {

  /** The page for {@code path}, if there is one. */
  Optional<byte[]> render(String path);

  /**
   * The answer to a GET of {@code path} whose {@code If-None-Match} field was {@code ifNoneMatch}; by default the
   * page from {@link #render} with {@link #headers}, whatever the request asked.
   */
  default PageAnswer answer(String path, Optional<String> ifNoneMatch) {
    Optional<byte[]> page = render(path);
    return page.isPresent() ? new PageAnswer.Page(page.get(), headers()) : PageAnswer.NOT_FOUND;
  }

  /** Fields to write with every page, by name; none unless a source says so. */
  default Map<String, String> headers() {
    return Map.of();
  }

  /**
   * Each page of {@code source} built once, on its first request, and then looked up by path and written with
   * {@code headers}: the limit of a server answering many different pages.
   */
  static PageSource prebuilt(PageSource source, Map<String, String> headers) {
    Map<String, Optional<byte[]>> pages = new ConcurrentHashMap<>();
    Map<String, String> fields = Map.copyOf(headers);
    return new PageSource() {
      @Override
      public Optional<byte[]> render(String path) {
        return pages.computeIfAbsent(path, source::render);
      }

      @Override
      public Map<String, String> headers() {
        return fields;
      }
    };
  }

  /** The same prebuilt page for every path: the upper limit of what a server can answer. */
  static PageSource constant(byte[] page) {
    return constant(page, Map.of());
  }

  /** The same prebuilt page for every path, written with {@code headers}. */
  static PageSource constant(byte[] page, Map<String, String> headers) {
    Optional<byte[]> always = Optional.of(page);
    Map<String, String> fields = Map.copyOf(headers);
    return new PageSource() {
      @Override
      public Optional<byte[]> render(String path) {
        return always;
      }

      @Override
      public Map<String, String> headers() {
        return fields;
      }
    };
  }
}
