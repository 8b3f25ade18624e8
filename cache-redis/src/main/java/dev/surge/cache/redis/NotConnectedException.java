package dev.surge.cache.redis;

import io.lettuce.core.RedisConnectionException;

/**
 * A command was not sent because Redis has not been reached since {@link SurgeRedis} was built: the
 * background connection is still trying. Counted as a failure, never logged on its own (the connection
 * attempts report the outage once).
 */
final class NotConnectedException extends RedisConnectionException {

  private static final long serialVersionUID = 1L;

  NotConnectedException() {
    super("not connected to Redis yet");
  }

  /** Thrown at every command until the connection is up: its stack trace would say nothing. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
