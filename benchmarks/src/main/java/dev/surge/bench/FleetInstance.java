package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.SurgeRedis;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One application instance of the fleet surge, in its own JVM: the demo's wiki on Jetty behind Surge's servlet
 * filter, its cache wired to Redis as {@link Sharing} says, and its {@link FleetCounts} on {@value
 * FleetAdminSource#PATH}. Prints {@code READY <port>} once listening and connected to Redis, and serves until its
 * standard input closes.
 */
@Command(name = "fleet-instance", hidden = true,
    description = "One instance of the fleet surge; see the fleet command.")
final class FleetInstance implements Callable<Integer> {

  /** What the instances share through Redis. */
  enum Sharing {
    /** Purges only: each instance renders what its memory does not hold. */
    PURGES,
    /** Purges and the shared tier: an instance finds in Redis what another one rendered before. */
    SHARED_TIER,
    /** The shared tier and fleet-wide collapsing: one render per page for the whole fleet. */
    FLEET_COLLAPSING
  }

  @Option(names = "--redis", required = true)
  String redisUri;

  @Option(names = "--namespace", required = true)
  String namespace;

  @Option(names = "--sharing", required = true)
  Sharing sharing;

  @Option(names = "--pages", defaultValue = "3000")
  int pages;

  /** The shared tier's lookup timeout, when not the module's default. */
  @Option(names = "--shared-tier-timeout")
  Optional<Duration> sharedTierTimeout;

  @Override
  public Integer call() throws Exception {
    WikiSite site = new WikiSite(pages, 7);
    SurgeRedis.Builder options = SurgeRedis.builder(redisUri).namespace(namespace)
        .sharedTier(sharing != Sharing.PURGES).fleetCollapsing(sharing == Sharing.FLEET_COLLAPSING);
    sharedTierTimeout.ifPresent(options::sharedTierTimeout);
    try (SurgeRedis redis = options.build()) {
      HttpCache cache = redis.newCache(SurgeDemo.demoCacheBuilder(pages, Duration.ofSeconds(60)));
      try (DemoServer server = new JettyWikiServer(new FleetAdminSource(site, redis, cache), Optional.of(cache))) {
        URI base = server.start(0);
        awaitConnection(redis);
        System.out.println("READY " + base.getPort());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream()); // the fleet command keeps it open while it wants us
      }
    }
    return 0;
  }

  /**
   * Waits, at most 30 s, until the instance is connected to Redis: it would serve before (purges kept, the tier
   * missed), but the surge measures the fleet once it shares.
   */
  private static void awaitConnection(SurgeRedis redis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!redis.stats().available() && System.nanoTime() < deadline) {
      Thread.sleep(10); // a start-up poll, not a test: SurgeRedis offers no connection callback
    }
  }
}
