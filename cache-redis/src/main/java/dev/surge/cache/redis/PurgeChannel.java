package dev.surge.cache.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscription to the purge channel, shared by every cache of one {@link SurgeRedis}: hands each message
 * to every cache's {@link PurgeFanOut}, and tells them when the first subscription is up and when Lettuce
 * resubscribed after a reconnection. Runs on Lettuce's I/O thread, so it only dispatches; the purges are
 * applied elsewhere. Messages on other channels of the same subscription are not its own.
 */
final class PurgeChannel extends RedisPubSubAdapter<byte[], byte[]> {

  private final byte[] name;
  private final List<PurgeFanOut> members = new CopyOnWriteArrayList<>();
  private final AtomicBoolean subscribedBefore = new AtomicBoolean();
  private volatile boolean firstSubscriptionUp;

  PurgeChannel(byte[] name) {
    this.name = name.clone();
  }

  /** The channel's name. */
  byte[] name() {
    return name.clone();
  }

  /** Adds a cache; one added after the first subscription is told of it at once, to catch up with the purges. */
  void add(PurgeFanOut member) {
    members.add(member);
    if (firstSubscriptionUp) {
      member.firstSubscribed();
    }
  }

  @Override
  public void message(byte[] channel, byte[] message) {
    if (!Arrays.equals(channel, name)) {
      return;
    }
    members.forEach(member -> member.received(message));
  }

  @Override
  public void subscribed(byte[] channel, long count) {
    if (Arrays.equals(channel, name) && !subscribedBefore.compareAndSet(false, true)) {
      members.forEach(PurgeFanOut::resubscribed);
    }
  }

  /**
   * The subscription is up for the first time since start: purges published before it were not heard, and a
   * cache that served while Redis could not be reached may hold what they removed.
   */
  void firstSubscription() {
    firstSubscriptionUp = true;
    members.forEach(PurgeFanOut::firstSubscribed);
  }

  /** Redis answers again on some connection: publish what could not be published. */
  void reconnected() {
    members.forEach(PurgeFanOut::publishPending);
  }
}
