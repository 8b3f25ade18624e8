package dev.surge.bench;

import java.util.Optional;

/** What a demo or harness server answers for a path: the page's bytes, or nothing for a 404. */
interface PageSource {

  /** The page for {@code path}, if there is one. */
  Optional<byte[]> render(String path);

  /** The same prebuilt page for every path: the upper limit of what a server can answer. */
  static PageSource constant(byte[] page) {
    Optional<byte[]> always = Optional.of(page);
    return path -> always;
  }
}
