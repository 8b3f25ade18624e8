package dev.surge.cache.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The renders channel as this {@link SurgeRedis} hears it: a process whose claimed render of an entry ended
 * (stored or not) publishes the entry's id there, and the requests of this process waiting for that render
 * are woken at once instead of polling Redis. Runs on Lettuce's I/O thread, so it only completes futures.
 */
final class RenderNotices extends RedisPubSubAdapter<byte[], byte[]> {

  private final byte[] channel;
  /** The waits of each id: one future per wait, so that one wait ending never unhooks another of the same id. */
  private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

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
    CompletableFuture<Void> wait = new CompletableFuture<>();
    waiting.compute(id, (any, waits) -> {
      Set<CompletableFuture<Void>> all = waits == null ? ConcurrentHashMap.newKeySet() : waits;
      all.add(wait);
      return all;
    });
    return wait;
  }

  /** Stops {@code wait}, one wait for {@code id}; the other waits for it go on. */
  void forget(String id, CompletableFuture<Void> wait) {
    waiting.computeIfPresent(id, (any, waits) -> {
      waits.remove(wait);
      return waits.isEmpty() ? null : waits;
    });
  }

  /**
   * Wakes every request waiting for a render's end: a connection broke, so that end may never be heard, and each
   * of them looks the entry up (a miss while Redis is away) and renders itself rather than wait out its bound.
   */
  void wakeAll() {
    waiting.keySet().forEach(this::wake);
  }

  @Override
  public void message(byte[] from, byte[] message) {
    if (Arrays.equals(from, channel)) {
      wake(new String(message, StandardCharsets.UTF_8));
    }
  }

  private void wake(String id) {
    Set<CompletableFuture<Void>> waits = waiting.remove(id);
    if (waits != null) {
      waits.forEach(wait -> wait.complete(null));
    }
  }
}
