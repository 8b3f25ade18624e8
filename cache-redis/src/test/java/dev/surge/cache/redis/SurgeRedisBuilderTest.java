package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.ByteSize;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SurgeRedisBuilderTest {

  private final SurgeRedis.Builder builder = SurgeRedis.builder("redis://127.0.0.1:1");

  @Test
  void eachBadValueFailsAtOnceNamingItsOption() {
    assertThatThrownBy(() -> builder.namespace("a b")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> builder.namespace("{x}")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> builder.sharedTierTimeout(Duration.ZERO)).hasMessageContaining("sharedTierTimeout");
    assertThatThrownBy(() -> builder.sharedTierMaximumEntryBytes(ByteSize.ofBytes(10)))
        .hasMessageContaining("sharedTierMaximumEntryBytes");
    assertThatThrownBy(() -> builder.reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("reconnectDelay");
    assertThatThrownBy(() -> builder.commandTimeout(Duration.ofMillis(-1))).hasMessageContaining("commandTimeout");
  }

  @Test
  void aClusterIsNamedByNodeUrisOfDatabaseZero() {
    assertThatThrownBy(SurgeRedis::clusterBuilder).hasMessageContaining("clusterBuilder");
    assertThatThrownBy(() -> SurgeRedis.clusterBuilder("redis://127.0.0.1:7000/1")).hasMessageContaining("clusterBuilder");
    assertThatThrownBy(() -> SurgeRedis.clusterBuilder("redis-sentinel://127.0.0.1:26379/0#mymaster"))
        .hasMessageContaining("clusterBuilder");
  }
}
