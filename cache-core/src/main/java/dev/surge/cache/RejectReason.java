package dev.surge.cache;

/**
 * Why a finished response was not stored. Each reason is counted in {@link CacheStats} and named in logs.
 */
public enum RejectReason {
  /** The request was not a GET: a HEAD's body may never have reached the adapter, other methods are not cached. */
  METHOD("method"),
  /** Rendering threw, the client went away, or the body was shorter than its {@code Content-Length}. */
  INCOMPLETE("incomplete"),
  /** The status is not among the cacheable statuses. */
  STATUS("status"),
  /** The response said {@code Cache-Control: no-store}. */
  NO_STORE("no-store"),
  /** The response said {@code Cache-Control: private}. */
  PRIVATE("private"),
  /** The response said {@code Cache-Control: no-cache}. */
  NO_CACHE("no-cache"),
  /** The response sets a cookie. */
  SET_COOKIE("set-cookie"),
  /** The response said {@code Vary: *}, or a {@code Vary} that cannot be parsed. */
  VARY("vary"),
  /**
   * The request carried credentials ({@code Authorization} or a private cookie) and the response did not say
   * {@code public} or {@code s-maxage}.
   */
  AUTHORIZATION("authorization"),
  /**
   * The body holds the value of a cookie, or of the {@code Authorization} or {@code Proxy-Authorization}
   * credentials, sent with the request that rendered it (the leak guard, on by default).
   */
  CREDENTIAL_IN_BODY("credential-in-body"),
  /** The body is larger than the maximum entry size. */
  TOO_LARGE("too-large"),
  /** The response is already stale: its freshness lifetime does not exceed the age it arrived with. */
  NOT_FRESH("not-fresh"),
  /** A header name or value cannot be written back safely. */
  MALFORMED_HEADER("malformed-header"),
  /** A purge or an unsafe request invalidated the resource while it was rendering. */
  INVALIDATED("invalidated"),
  /** The layer that chose {@link StoreRules} for the response declined storing it (e.g. an unannotated handler). */
  DECLINED("declined"),
  /** Its key has not been asked for the configured minimum number of times yet. */
  RARELY_USED("rarely-used"),
  /**
   * With compression on, the response's {@code Content-Encoding} is one the cache cannot decode (stacked
   * codings, an unknown one, or a body that does not decode within the entry size), so a client that does not
   * accept it could not be served the identity body.
   */
  CONTENT_CODING("content-coding");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** A short lower-case label, used in logs. */
  public String label() {
    return label;
  }
}
