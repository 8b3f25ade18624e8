package dev.surge.cache.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Redis Cluster on loopback: six nodes, each its own process (three masters, each with a replica), a node
 * counting as failed after one second without answering; stopped by {@link #close}.
 */
final class ClusterRedis implements AutoCloseable {

  private final List<RedisProcess> nodes;

  private ClusterRedis(List<RedisProcess> nodes) {
    this.nodes = nodes;
  }

  /** Starts six nodes, joins them in a cluster with {@code redis-cli --cluster create}, returns once it is ok. */
  static ClusterRedis start() throws Exception {
    ClusterRedis cluster = new ClusterRedis(new ArrayList<>());
    try {
      Set<Integer> ports = new HashSet<>();
      while (ports.size() < 12) {
        ports.add(RedisProcess.freePort());
      }
      List<Integer> free = new ArrayList<>(ports);
      for (int i = 0; i < 6; i++) {
        cluster.nodes.add(RedisProcess.server(free.get(i), "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
            "--cluster-port", Integer.toString(free.get(6 + i))));
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      cluster.nodes.forEach(node -> create.add(node.address()));
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      RedisProcess.redisCli(create.toArray(String[]::new));
      cluster.awaitOk();
    } catch (Exception | AssertionError failed) {
      cluster.close();
      throw failed;
    }
    return cluster;
  }

  /** Every node's {@code redis://} URI, the seeds of {@link SurgeRedis#clusterBuilder}. */
  String[] seedUris() {
    return nodes.stream().map(node -> "redis://" + node.address()).toArray(String[]::new);
  }

  /**
   * Has the replica of the master that serves {@code key}'s slot take over ({@code CLUSTER FAILOVER}, the old
   * master becomes its replica) and returns once every node agrees and the cluster is ok.
   */
  void failOverTheMasterOf(String key) throws Exception {
    Failover failover = failoverOf(key);
    failover.replica().cli("CLUSTER", "FAILOVER");
    awaitDone(failover);
  }

  /**
   * Kills the master that serves {@code key}'s slot, as a crash would, and returns once the other nodes have
   * promoted its replica and the cluster is ok again.
   */
  void killTheMasterOf(String key) throws Exception {
    Failover failover = failoverOf(key);
    failover.master().kill();
    nodes.remove(failover.master());
    awaitDone(failover);
    failover.master().close();
  }

  private Failover failoverOf(String key) throws Exception {
    RedisProcess any = nodes.get(0);
    int slot = Integer.parseInt(any.cli("CLUSTER", "KEYSLOT", key));
    List<String[]> table = any.cli("CLUSTER", "NODES").lines().map(line -> line.split(" ")).toList();
    String[] master = table.stream().filter(node -> node[2].contains("master") && serves(node, slot)).findFirst()
        .orElseThrow();
    String[] replica = table.stream().filter(node -> node[3].equals(master[0])).findFirst().orElseThrow();
    return new Failover(slot, byAddress(master[1]), byAddress(replica[1]), replica[0]);
  }

  /** The master serving {@code slot} and the replica that is to take over from it. */
  private record Failover(int slot, RedisProcess master, RedisProcess replica, String replicaId) {}

  /** Returns once every remaining node sees {@code failover}'s replica master of its slot and the cluster is ok. */
  private void awaitDone(Failover failover) throws Exception {
    await("the replica is a master").atMost(Duration.ofSeconds(30))
        .until(() -> failover.replica().cli("ROLE").startsWith("master"));
    for (RedisProcess node : nodes) {
      await("node " + node.port() + " sees the new master").until(() -> node.cli("CLUSTER", "NODES").lines()
          .map(line -> line.split(" "))
          .anyMatch(row -> row[0].equals(failover.replicaId()) && row[2].contains("master")
              && serves(row, failover.slot())));
    }
    awaitOk();
  }

  private void awaitOk() {
    for (RedisProcess node : nodes) {
      await("cluster ok on node " + node.port()).until(() -> node.cli("CLUSTER", "INFO").contains("cluster_state:ok"));
    }
  }

  /** Whether the {@code CLUSTER NODES} row {@code node} lists a slot range holding {@code slot}. */
  private static boolean serves(String[] node, int slot) {
    return Arrays.stream(node).skip(8).filter(range -> !range.startsWith("[")).anyMatch(range -> {
      String[] bounds = range.split("-");
      int first = Integer.parseInt(bounds[0]);
      int last = bounds.length == 1 ? first : Integer.parseInt(bounds[1]);
      return first <= slot && slot <= last;
    });
  }

  /** The node at {@code address} as {@code CLUSTER NODES} writes it, {@code 127.0.0.1:port@busport}. */
  private RedisProcess byAddress(String address) {
    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
    return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
  }

  @Override
  public void close() throws Exception {
    for (RedisProcess node : nodes) {
      node.close();
    }
  }
}
