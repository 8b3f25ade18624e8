package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis under Sentinel, all on loopback: a master, one replica and three sentinels watching them (quorum 2,
 * a master counts as down after one second), each its own process, stopped by {@link #close}.
 */
final class SentinelRedis implements AutoCloseable {

  static final String MASTER = "mymaster";

  private final RedisProcess master;
  private final RedisProcess replica;
  private final List<RedisProcess> sentinels;

  private SentinelRedis(RedisProcess master, RedisProcess replica, List<RedisProcess> sentinels) {
    this.master = master;
    this.replica = replica;
    this.sentinels = sentinels;
  }

  /** Starts the master, its replica, then the sentinels, and returns once every sentinel knows them all. */
  static SentinelRedis start() throws Exception {
    RedisProcess master = RedisProcess.server(RedisProcess.freePort());
    RedisProcess replica = RedisProcess.server(RedisProcess.freePort(),
        "--replicaof", "127.0.0.1", Integer.toString(master.port()));
    List<RedisProcess> sentinels = new ArrayList<>();
    SentinelRedis started = new SentinelRedis(master, replica, sentinels);
    try {
      started.startSentinels();
    } catch (Exception | AssertionError failed) {
      started.close();
      throw failed;
    }
    return started;
  }

  private void startSentinels() throws Exception {
    await("replica in sync").until(() -> replica.cli("INFO", "replication").contains("master_link_status:up"));
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisProcess.sentinel(RedisProcess.freePort(), """
          sentinel monitor %s 127.0.0.1 %d 2
          sentinel down-after-milliseconds %s 1000
          sentinel failover-timeout %s 10000
          """.formatted(MASTER, master.port(), MASTER, MASTER)));
    }
    for (RedisProcess sentinel : sentinels) {
      await("sentinel " + sentinel.port() + " knows the replica and the other sentinels").until(() ->
          sentinel.cli("SENTINEL", "REPLICAS", MASTER).contains(Integer.toString(replica.port()))
              && sentinel.cli("SENTINEL", "SENTINELS", MASTER).lines().filter("runid"::equals).count() == 2);
    }
  }

  /** The {@code redis-sentinel://} URI naming every sentinel and the master's name. */
  String uri() {
    return "redis-sentinel://" + sentinels.stream().map(RedisProcess::address).collect(Collectors.joining(","))
        + "/0#" + MASTER;
  }

  /** Kills the master, as a crash would, and returns once the sentinels have promoted the replica. */
  void killMasterAndAwaitFailover() throws Exception {
    master.kill();
    for (RedisProcess sentinel : sentinels) {
      await("sentinel " + sentinel.port() + " names the promoted replica").atMost(Duration.ofSeconds(30)).until(() ->
          sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).endsWith(Integer.toString(replica.port())));
    }
    await("the replica is a master").until(() -> replica.cli("ROLE").startsWith("master"));
  }

  @Override
  public void close() throws Exception {
    for (RedisProcess sentinel : sentinels) {
      sentinel.close();
    }
    replica.close();
    master.close();
  }
}
