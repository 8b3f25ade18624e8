package dev.surge.cache.internal;

/** How a render others waited for ended. */
enum LeaderEnd {
  /** Reported complete with a response that is not an error. */
  REPORTED,
  /** Reported failed, or complete with an error status. */
  FAILED,
  /** Not reported within the bound, so no longer waited for. */
  RELEASED,
  /**
   * Reported complete, but not stored because it echoed the leader's own cookie or credentials: another
   * request's render may well be stored, so the waiters may coalesce again behind a new leader.
   */
  PERSONAL,
  /**
   * Handed over to a new leader of the same render (with a deadline of its own) before it began: the waiters
   * wait again, behind the new leader.
   */
  HANDED_OVER
}
