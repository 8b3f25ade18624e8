package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

/**
 * What two instances sharing a Redis must show, whatever the topology and whatever just happened to it (a
 * failover): a purge on one reaches the other, and a page one rendered is served to the other from the
 * shared tier. Every request goes through {@link AppInstance#get}, which fails on any status but 200.
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
}
