package dev.surge.cache;

/**
 * Why a request was neither served from the cache nor allowed to store its response. Each reason is counted
 * in {@link CacheStats} and named in the {@code Cache-Status} field when that field is switched on.
 */
public enum BypassReason {
  /** The method is not GET or HEAD. */
  METHOD("method"),
  /** The request said {@code Cache-Control: no-store}. */
  REQUEST_NO_STORE("request-no-store"),
  /**
   * The request carries a forwarding or override header that no trusted-proxy setting names, or a layer in
   * front of the application rewrote it ({@link CacheRequest#rewrittenInFront()}) from values its key does not
   * hold.
   */
  UNTRUSTED_FORWARDING("untrusted-forwarding"),
  /** The host is missing, malformed, repeated or not on the allow-list. */
  INVALID_HOST("invalid-host"),
  /** The path or query holds characters a request target may not hold. */
  INVALID_TARGET("invalid-target"),
  /** The key would be longer than the configured maximum. */
  KEY_TOO_LONG("key-too-long"),
  /** The request carries {@code If-Match}, {@code If-Unmodified-Since} or {@code If-Range}. */
  PRECONDITION("precondition"),
  /**
   * A GET or HEAD carries a body ({@code Content-Length} above zero, or {@code Transfer-Encoding}): an
   * application may read it, and the key holds only the URL, so such a request is neither served nor stored.
   */
  REQUEST_BODY("request-body"),
  /**
   * The handler chosen for the request, known only after the lookup, does not let it use the cache (in Spring,
   * a handler without {@code @CacheResponse}, or a framework endpoint such as the actuator's): see {@link
   * PipelineStep#beforeHandlerChosen}. Such a request is neither a hit nor a miss.
   */
  NOT_CACHEABLE("not-cacheable");

  private final String label;

  BypassReason(String label) {
    this.label = label;
  }

  /** A short lower-case label, used in logs and the {@code Cache-Status} field. */
  public String label() {
    return label;
  }
}
