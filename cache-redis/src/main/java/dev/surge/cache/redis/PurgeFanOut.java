package dev.surge.cache.redis;

import dev.surge.cache.HttpCache;
import dev.surge.cache.Purge;
import dev.surge.cache.PurgeListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache's side of the purge channel: publishes each purge the cache applies on its own request, applies
 * the purges other caches publish (through {@link HttpCache#applyPurge}, so they are never published again, and,
 * with the shared tier, only to this cache's memory), and ignores its own echoes by the id it publishes under.
 *
 * <p>A purge that cannot be published (Redis unreachable) is kept, up to {@value #PENDING_LIMIT} of them
 * (beyond that, one purge of everything stands for all), and published again once Redis answers. Because
 * pub/sub does not keep messages for a subscriber that was away, the cache drops its in-memory entries each
 * time the subscription comes back after a disconnection: it cannot know which purges it missed.
 *
 * <p>Redis numbers each purge as it publishes it ({@code <number>\n<message>} on the channel), and this cache's
 * {@link PurgeSequence} records the highest number it has applied, for the shared tier to refuse writes of
 * renders that may predate a purge not applied here yet.
 *
 * <p>With the shared tier, a purge is applied to Redis once for the whole fleet, by the instance that publishes
 * it: the scripts that purge the tier count it (with the first batch, before anything is removed, so that a write
 * racing it anywhere is refused unless its writer has applied it) and publish it (with the last batch, so that
 * an instance that hears of it finds nothing it removed in Redis). An instance that receives it drops only its
 * memory of it, and the renders running there. A purge the tier could not finish is kept with the ones that
 * could not be published, and published, counted and run again in full when Redis answers; when its first batch
 * ran, the fleet's writes to the tier are refused until then (its number is counted but applied nowhere),
 * which costs stores only.
 */
final class PurgeFanOut implements PurgeListener {

  private static final Logger LOG = LoggerFactory.getLogger(PurgeFanOut.class);
  static final int PENDING_LIMIT = 1000;
  private static final RedisScript PUBLISH = RedisScript.sentWhole("""
      local number = redis.call('INCR', KEYS[1])
      redis.call('PUBLISH', ARGV[1], number .. '\\n' .. ARGV[2])
      return number
      """, ScriptOutputType.INTEGER);

  private final String origin = UUID.randomUUID().toString();
  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final byte[] channel;
  private final RedisHealth health;
  private final RedisCounters counters;
  private final Executor applier;
  private final byte[][] counterKey;
  private final PurgeSequence sequence;
  private final Optional<SharedTierStore> sharedTier;
  private final Deque<Purge> pending = new ArrayDeque<>();
  private volatile HttpCache cache;
  private volatile Runnable forgetMemory = () -> {};

  PurgeFanOut(
      RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] channel, RedisHealth health, RedisCounters counters,
      Executor applier, byte[] counterKey, PurgeSequence sequence, Optional<SharedTierStore> sharedTier) {
    this.redis = redis;
    this.sharedTier = sharedTier;
    this.counterKey = new byte[][] {counterKey};
    this.sequence = sequence;
    this.channel = channel;
    this.health = health;
    this.counters = counters;
    this.applier = applier;
  }

  /** Applies received purges to {@code cache}; {@code forgetMemory} drops its in-memory entries only. */
  void bind(HttpCache cache, Runnable forgetMemory) {
    this.forgetMemory = forgetMemory;
    this.cache = cache;
  }

  @Override
  public String description() {
    return "over Redis (channel " + new String(channel, StandardCharsets.UTF_8) + ")";
  }

  @Override
  public void purged(Purge purge) {
    publish(purge);
  }

  /** A message arrived on the channel: apply it here unless this cache sent it. */
  void received(byte[] message) {
    int newline = indexOfNewline(message);
    long number = newline < 0 ? -1 : number(message, newline);
    PurgeMessage decoded = number < 0 ? null
        : PurgeMessage.decode(Arrays.copyOfRange(message, newline + 1, message.length)).orElse(null);
    HttpCache target = cache;
    if (decoded == null) {
      counters.malformed.increment();
      return;
    }
    if (target == null) {
      return; // not bound yet: the cache holds nothing
    }
    if (decoded.origin().equals(origin)) {
      counters.echoes.increment();
      sequence.applied(number);
      return;
    }
    applier.execute(() -> {
      int removed = target.applyPurge(decoded.purge());
      sequence.applied(number);
      counters.received.increment();
      LOG.debug("applied {} from another instance: {} entries", decoded.purge(), removed);
    });
  }

  private static int indexOfNewline(byte[] message) {
    for (int i = 0; i < Math.min(message.length, 20); i++) {
      if (message[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The decimal purge number before the newline at {@code newline}, or -1 when it is not one. */
  private static long number(byte[] message, int newline) {
    try {
      return Long.parseLong(new String(message, 0, newline, StandardCharsets.US_ASCII));
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  /**
   * The subscription is up for the first time: the memory holds nothing unless the cache served while Redis
   * could not be reached, and then it may hold what purges published meanwhile removed, so it is dropped.
   */
  void firstSubscribed() {
    applier.execute(this::forgetMemoryAndCatchUp);
    publishPending();
  }

  /** The subscription came back after a disconnection. */
  void resubscribed() {
    applier.execute(() -> {
      forgetMemoryAndCatchUp();
      counters.resubscriptions.increment();
    });
    LOG.info("resubscribed to the purge channel; dropped this instance's in-memory entries, as purges may"
        + " have been missed meanwhile");
    publishPending();
  }

  private void forgetMemoryAndCatchUp() {
    forgetMemory.run();
    // Every purge counted so far is covered by dropping the memory: catch up with the count.
    redis.get(counterKey[0]).thenAccept(count -> sequence.applied(count == null ? 0
        : Long.parseLong(new String(count, StandardCharsets.US_ASCII))));
  }

  /** Publishes again what could not be published before. */
  void publishPending() {
    List<Purge> retry;
    synchronized (pending) {
      retry = new ArrayList<>(pending);
      pending.clear();
    }
    retry.forEach(purge -> {
      counters.replayed.increment();
      publish(purge);
    });
  }

  private void publish(Purge purge) {
    byte[] message = new PurgeMessage(origin, purge).encode();
    try {
      CompletableFuture<Long> published = sharedTier.isPresent()
          ? sharedTier.get().purgeAndPublish(purge, counterKey[0], channel, message)
          : PUBLISH.<Long>run(redis, counterKey, channel, message);
      published.whenComplete((number, failure) -> {
        if (failure == null) {
          sequence.applied(number); // applied here before it was published
          counters.published.increment();
          health.succeeded();
          if (!pendingIsEmpty()) {
            publishPending();
          }
        } else {
          unpublished(purge, failure);
        }
      });
    } catch (RuntimeException refused) {
      unpublished(purge, refused);
    }
  }

  private void unpublished(Purge purge, Throwable failure) {
    counters.publishFailures.increment();
    health.failed("publishing a purge", failure);
    synchronized (pending) {
      if (pending.size() >= PENDING_LIMIT) {
        pending.clear();
        pending.add(Purge.ALL);
      } else if (!pending.contains(Purge.ALL)) {
        pending.add(purge);
      }
    }
  }

  private boolean pendingIsEmpty() {
    synchronized (pending) {
      return pending.isEmpty();
    }
  }
}
