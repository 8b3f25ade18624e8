package dev.surge.bench;

import java.util.Map;

/**
 * What a demo or harness server sends for one GET: a page, a {@code 304 Not Modified} without a body, or a 404.
 * Header maps are copied, so an answer cannot change once made.
 */
sealed interface PageAnswer {

  /** No page at the path asked for. */
  PageAnswer NOT_FOUND = new NotFound();

  /**
   * A page in full, with the fields to write besides its {@code Content-Type} and {@code Content-Length}. The
   * body is the renderer's array, written as it is (never compared: a record's {@code equals} would compare it by
   * reference).
   */
  record Page(byte[] body, Map<String, String> headers) implements PageAnswer {
    public Page {
      headers = Map.copyOf(headers);
    }
  }

  /** The page the request names by its validator is still current: a 304 with these fields and no body. */
  record NotModified(Map<String, String> headers) implements PageAnswer {
    public NotModified {
      headers = Map.copyOf(headers);
    }
  }

  /** See {@link #NOT_FOUND}. */
  record NotFound() implements PageAnswer { }
}
