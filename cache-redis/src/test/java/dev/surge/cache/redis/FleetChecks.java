package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What two instances sharing a Redis must show, whatever the topology and whatever just happened to it (a
 * failover): a purge on one reaches the other, a page one rendered is served to the other from the shared
 * tier, and a page one is rendering is not rendered by the other too (fleet-wide collapsing). Every request
 * goes through {@link AppInstance#get} or {@link AppInstance#getLater}, which fail on any status but 200.
 */
final class FleetChecks {

  private FleetChecks() {}

  /**
   * A purge made on {@code from} reaches {@code to} and removes its copy. Purged again until one arrives: a
   * purge published while {@code to} was still resubscribing after a failover is not delivered to it (it
   * drops its memory instead).
   */
  static void purgesFanOut(AppInstance from, AppInstance to) throws Exception {
    String target = "/fan-out/" + UUID.randomUUID();
    assertThat(to.get(target)).endsWith("#1");
    long received = to.redis().stats().purgesReceived();
    await("a purge from " + from + " reaches " + to).atMost(Duration.ofSeconds(30)).until(() -> {
      from.cache().invalidatePath(target);
      return to.redis().stats().purgesReceived() > received;
    });
    assertThat(to.get(target)).endsWith("#2");
  }

  /**
   * A page {@code writer} renders is served to {@code reader} from the shared tier. A new page each time until
   * one is: after a lost connection an instance writes to the tier again only once it has started a new
   * generation there, and a write is not waited for.
   */
  static void sharedTierServes(AppInstance writer, AppInstance reader) throws Exception {
    long hits = reader.redis().stats().tierHits();
    await("a page " + writer + " renders is a shared-tier hit on " + reader).atMost(Duration.ofSeconds(30))
        .until(() -> {
          String target = "/shared/" + UUID.randomUUID();
          writer.get(target);
          return reader.get(target).contains("by " + writer + " #1");
        });
    assertThat(reader.redis().stats().tierHits()).isGreaterThan(hits);
  }

  /**
   * A page {@code leader} is rendering is not rendered by {@code waiter} too: the waiter waits for the leader's
   * render and serves it. A new page each time until one is: right after a lost connection an instance renders
   * alone until its tier has started a new generation.
   */
  static void rendersCollapse(AppInstance leader, AppInstance waiter) throws Exception {
    await("a page " + leader + " renders is not rendered again by " + waiter).atMost(Duration.ofSeconds(60))
        .until(() -> {
          String target = "/collapsed/" + UUID.randomUUID();
          AppInstance.HeldRequest first = leader.getHeld(target);
          long waits = waiter.redis().stats().fleetWaits();
          CompletableFuture<String> second = waiter.getLater(target);
          await().atMost(Duration.ofSeconds(10))
              .until(() -> waiter.redis().stats().fleetWaits() > waits || second.isDone());
          first.release();
          return second.get(10, TimeUnit.SECONDS).equals(first.body())
              && waiter.renders(target) == 0;
        });
  }
}
