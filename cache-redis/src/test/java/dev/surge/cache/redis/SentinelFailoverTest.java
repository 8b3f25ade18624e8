package dev.surge.cache.redis;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances on a Redis under Sentinel: the master crashes, the sentinels promote its replica. */
class SentinelFailoverTest {

  private static SentinelRedis redis;

  @BeforeAll
  static void startSentinels() throws Exception {
    redis = SentinelRedis.start();
  }

  @AfterAll
  static void stopSentinels() throws Exception {
    redis.close();
  }

  @Test
  void purgesFanOutAndTheSharedTierServesBeforeAndAfterTheMasterFailsOver() throws Exception {
    String namespace = "sentinel-" + UUID.randomUUID();
    AppInstance a = AppInstance.start("A",
        AppInstance.configured(SurgeRedis.builder(redis.uri()), namespace).sharedTier(true).fleetCollapsing(true));
    AppInstance b = AppInstance.start("B",
        AppInstance.configured(SurgeRedis.builder(redis.uri()), namespace).sharedTier(true).fleetCollapsing(true));
    try {
      FleetChecks.purgesFanOut(a, b);
      FleetChecks.sharedTierServes(a, b);
      FleetChecks.rendersCollapse(a, b);

      redis.killMasterAndAwaitFailover();

      FleetChecks.purgesFanOut(a, b);
      FleetChecks.purgesFanOut(b, a);
      FleetChecks.sharedTierServes(a, b);
      FleetChecks.sharedTierServes(b, a);
      FleetChecks.rendersCollapse(b, a);
    } finally {
      a.stop();
      b.stop();
    }
  }
}
