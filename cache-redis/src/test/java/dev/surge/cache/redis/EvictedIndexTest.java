package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An evicting Redis ({@code allkeys-lru}, the usual cache setting) may drop a purge index while the entry it
 * names stays: a purge by tag, path or prefix would then miss the entry. An entry whose indexes are gone is
 * never served from the shared tier; here the eviction is done by hand, one index key at a time.
 */
class EvictedIndexTest {

  private SharedTierPair pair;
  private RedisServer redisServer;
  private String namespace;
  private AppInstance a;
  private AppInstance b;

  @BeforeEach
  void start() throws Exception {
    pair = SharedTierPair.start("evicted");
    redisServer = pair.redis();
    namespace = pair.namespace();
    a = pair.a();
    b = pair.b();
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  @ParameterizedTest(name = "{0} evicted")
  @ValueSource(strings = {"paths", "tag:team-a"})
  void anEntryWhoseIndexWasEvictedIsNotServedFromTheSharedTier(String index) throws Exception {
    String target = "/docs/page?tag=team-a";
    a.get(target);
    await().until(() -> a.redis().stats().tierStores() == 1);

    evict(index);

    assertThat(b.get(target)).as("a purge could no longer find A's render").endsWith("by B #1");
  }

  @Test
  void anEvictedGenerationKeyNeverBringsBackAnEarlierGeneration() throws Exception {
    String target = "/docs/page?tag=team-a";
    a.get(target);
    await().until(() -> a.redis().stats().tierStores() == 1);
    a.cache().invalidateAll(); // a new generation; the old one's keys expire on their own
    await().until(() -> b.redis().stats().purgesReceived() == 1);

    evict("generation");

    assertThat(b.get(target)).as("the purged generation is not read again").endsWith("by B #1");
    await().until(() -> b.redis().stats().tierStores() == 1);
    assertThat(a.get(target)).as("a new generation serves again").endsWith("by B #1");
  }

  /** Deletes the index key {@code name} of the current generation (or the generation key itself). */
  private void evict(String name) {
    String prefix = "surge:{" + namespace + "}:";
    String generation = redisServer.admin(redis -> redis.get(prefix + "generation"));
    String key = name.equals("generation") ? prefix + "generation" : prefix + generation + ":" + name;
    assertThat(redisServer.<Long>admin(redis -> redis.del(key))).as("the index key %s existed", key).isEqualTo(1);
  }
}
