package dev.surge.cache.redis;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a Redis Cluster: the master of the namespace's slot hands over to its replica, then the new
 * master crashes and the old one takes over again.
 */
class ClusterFailoverTest {

  private static ClusterRedis cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ClusterRedis.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void purgesFanOutAndTheSharedTierServesAfterTheSlotsMasterHandsOverAndAfterItCrashes() throws Exception {
    String namespace = "cluster-" + UUID.randomUUID();
    String slotKey = "surge:{" + namespace + "}:generation";
    AppInstance a = AppInstance.start("A",
        AppInstance.configured(SurgeRedis.clusterBuilder(cluster.seedUris()), namespace)
            .sharedTier(true).fleetCollapsing(true));
    AppInstance b = AppInstance.start("B",
        AppInstance.configured(SurgeRedis.clusterBuilder(cluster.seedUris()), namespace)
            .sharedTier(true).fleetCollapsing(true));
    try {
      FleetChecks.purgesFanOut(a, b);
      FleetChecks.sharedTierServes(a, b);
      FleetChecks.rendersCollapse(a, b);

      cluster.failOverTheMasterOf(slotKey);

      FleetChecks.purgesFanOut(a, b);
      FleetChecks.purgesFanOut(b, a);
      FleetChecks.sharedTierServes(a, b);
      FleetChecks.sharedTierServes(b, a);
      FleetChecks.rendersCollapse(b, a);

      cluster.killTheMasterOf(slotKey); // the one just promoted: the first master, now its replica, takes over

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
