package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two applications on one Redis, separated only by its database number (staging on {@code /1}, production on
 * {@code /0}), with the same namespace: Redis publishes to every database's subscribers, so purges must say
 * which database they belong to. A purge of everything on one reaches the other application's instances never.
 */
class DatabaseSeparationTest {

  private RedisServer redisServer;
  private AppInstance production;
  private AppInstance productionPeer;
  private AppInstance staging;

  @BeforeEach
  void start() throws Exception {
    redisServer = RedisServer.start();
    String namespace = "shared-" + UUID.randomUUID();
    production = AppInstance.start("P", redisServer.uri() + "/0", namespace, options -> options);
    productionPeer = AppInstance.start("Q", redisServer.uri() + "/0", namespace, options -> options);
    staging = AppInstance.start("S", redisServer.uri() + "/1", namespace, options -> options);
  }

  @AfterEach
  void stop() throws Exception {
    production.stop();
    productionPeer.stop();
    staging.stop();
    redisServer.close();
  }

  @Test
  void aPurgeOfEverythingOnOneDatabaseLeavesTheApplicationOnAnotherAlone() throws Exception {
    production.get("/home");
    assertThat(production.get("/home")).endsWith("by P #1");
    productionPeer.get("/home");

    staging.cache().invalidateAll();
    staging.cache().invalidatePathPrefix("/");
    productionPeer.cache().invalidatePathPrefix("/other");
    await().until(() -> production.redis().stats().purgesReceived() >= 1); // the peer's purge, on its database

    assertThat(production.get("/home")).as("still stored: staging's purges never reached it").endsWith("by P #1");
    assertThat(production.redis().stats().purgesReceived()).isEqualTo(1);
    assertThat(staging.redis().stats().purgesReceived()).isZero();
  }
}
