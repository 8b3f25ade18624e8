package dev.surge.cache.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The renders channel as this {@link SurgeRedis} hears it: a process whose claimed render of an entry ended
 * (stored or not) publishes the entry's id there, and the requests of this process waiting for that render
 * are woken at once instead of polling Redis. Runs on Lettuce's I/O thread, so it only completes futures.
 */
final class RenderNotices extends RedisPubSubAdapter<byte[], byte[]> {

  private final byte[] channel;
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  RenderNotices(byte[] channel) {
    this.channel = channel.clone();
  }

  /** The channel's name. */
  byte[] channel() {
    return channel.clone();
  }

  /**
   * Completes when a render of {@code id} is said to have ended; register before claiming, so that an end
   * published between the claim and the wait is not missed. Call {@link #forget} when no longer waiting.
   */
  CompletableFuture<Void> ended(String id) {
    return waiting.computeIfAbsent(id, any -> new CompletableFuture<>());
  }

  /** Stops waiting for {@code id}. */
  void forget(String id, CompletableFuture<Void> wait) {
    waiting.remove(id, wait);
  }

  /**
   * Wakes every request waiting for a render's end: a connection broke, so that end may never be heard, and each
   * of them looks the entry up (a miss while Redis is away) and renders itself rather than wait out its bound.
   */
  void wakeAll() {
    waiting.keySet().forEach(id -> {
      CompletableFuture<Void> wait = waiting.remove(id);
      if (wait != null) {
        wait.complete(null);
      }
    });
  }

  @Override
  public void message(byte[] from, byte[] message) {
    if (Arrays.equals(from, channel)) {
      CompletableFuture<Void> wait = waiting.remove(new String(message, StandardCharsets.UTF_8));
      if (wait != null) {
        wait.complete(null);
      }
    }
  }
}
