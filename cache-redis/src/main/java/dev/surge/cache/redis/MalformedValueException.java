package dev.surge.cache.redis;

/** A value read from Redis is not one this version wrote intact; it is treated as absent. */
final class MalformedValueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MalformedValueException(String message) {
    super(message, null, false, false);
  }
}
