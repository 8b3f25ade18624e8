package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared tier's values in a real Redis, read and written behind the instances' backs. */
class SharedTierTest {

  private static RedisServer redisServer;
  private static BinaryConnection direct;
  private String namespace;
  private AppInstance a;
  private AppInstance b;

  @BeforeAll
  static void startRedis() throws Exception {
    redisServer = RedisServer.start();
    direct = BinaryConnection.to(redisServer);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    direct.close();
    redisServer.close();
  }

  private void startBoth(UnaryOperator<SurgeRedis.Builder> options) throws Exception {
    namespace = "tier-" + UUID.randomUUID();
    a = AppInstance.start("A", redisServer.uri(), namespace, options.andThen(o -> o.sharedTier(true))::apply);
    b = AppInstance.start("B", redisServer.uri(), namespace, options.andThen(o -> o.sharedTier(true))::apply);
  }

  @AfterEach
  void stopBoth() throws Exception {
    a.stop();
    b.stop();
  }

  private RedisCommands<byte[], byte[]> redis() {
    return direct.connection().sync();
  }

  /** The Redis key {@code suffix} of the current generation, by the layout {@link RedisTier} documents. */
  private byte[] layoutKey(String suffix) {
    String prefix = "surge:{" + namespace + "}:";
    byte[] generation = redis().get(bytes(prefix + "generation"));
    return bytes(prefix + (generation == null ? "0" : new String(generation, StandardCharsets.US_ASCII)) + ":" + suffix);
  }

  private byte[] keyOf(String path, String query) {
    return layoutKey("e:" + RedisTier.idOf(new CacheKey("GET", "http", AppInstance.HOST, path, query, Map.of())));
  }

  private byte[] entryKey(String path) {
    return keyOf(path, "");
  }

  private String renderOnAAndShare(String path) throws Exception {
    a.get(path);
    await().until(() -> a.redis().stats().tierStores() == 1);
    assertThat(redis().exists(entryKey(path))).isEqualTo(1);
    return path;
  }

  static Stream<Arguments> corruptions() {
    return Stream.of(
        Arguments.of("garbage", (UnaryOperator<byte[]>) value -> bytes("not a surge entry at all")),
        Arguments.of("empty", (UnaryOperator<byte[]>) value -> new byte[0]),
        Arguments.of("truncated", (UnaryOperator<byte[]>) value -> Arrays.copyOf(value, value.length - 3)),
        Arguments.of("unknown version", (UnaryOperator<byte[]>) value -> withByte(value, 2, EntryCodec.VERSION + 1)),
        Arguments.of("flipped body bit", (UnaryOperator<byte[]>) value ->
            withByte(value, value.length - 1, value[value.length - 1] ^ 0x01)),
        Arguments.of("another key's entry", (UnaryOperator<byte[]>) value -> EntryCodec.encode(
            new CacheKey("GET", "http", AppInstance.HOST, "/elsewhere", "", Map.of()),
            EntryCodec.decode(value).orElseThrow().response())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void aCorruptValueInRedisIsAMissAndTheSecondInstanceRenders(String kind, UnaryOperator<byte[]> corrupt)
      throws Exception {
    startBoth(UnaryOperator.identity());
    String path = renderOnAAndShare("/corrupt");
    byte[] key = entryKey(path);
    redis().set(key, corrupt.apply(redis().get(key)), SetArgs.Builder.px(600_000));

    assertThat(b.get(path)).isEqualTo("rendered /corrupt by B #1");
    assertThat(b.redis().stats().tierCorruptValues()).isEqualTo(1);
    assertThat(b.redis().stats().tierHits()).isZero();
  }

  @Test
  void theRedisTtlIsTheEntrysRemainingFreshness() throws Exception {
    startBoth(UnaryOperator.identity());
    a.get("/fresh?ttl=3000");
    a.get("/aged?ttl=3000&age=2000");
    await().until(() -> a.redis().stats().tierStores() == 2);

    long fresh = redis().pttl(keyOf("/fresh", "ttl=3000"));
    long aged = redis().pttl(keyOf("/aged", "ttl=3000&age=2000"));

    assertThat(fresh).isBetween(2_000_001L, 3_000_000L); // 3000 s of freshness left, in ms
    assertThat(aged).isBetween(1L, 1_000_000L);          // 3000 s minus an Age of 2000 s
    assertThat(redis().pttl(layoutKey("paths"))).isGreaterThanOrEqualTo(aged); // the index outlives what it names
    assertThat(redis().pttl(layoutKey("expiry"))).isGreaterThanOrEqualTo(aged);
  }

  @Test
  void anEntryOverTheSizeCapStaysInMemoryOnly() throws Exception {
    startBoth(options -> options.sharedTierMaximumEntryBytes(ByteSize.ofKilobytes(4)));
    String big = "/big?bytes=10000";
    a.get(big);
    await().until(() -> a.redis().stats().tierOversized() == 1);

    assertThat(a.get(big)).startsWith("rendered /big?bytes=10000 by A #1"); // from A's memory
    assertThat(redis().exists(keyOf("/big", "bytes=10000"))).isZero();
    assertThat(b.get(big)).startsWith("rendered /big?bytes=10000 by B #1");
    assertThat(a.redis().stats().tierStores()).isZero();
  }

  @Test
  void aRedisSlowerThanTheTimeoutIsAMissAndTheRequestRenders() throws Exception {
    startBoth(options -> options.sharedTierTimeout(Duration.ofMillis(50)));
    String path = renderOnAAndShare("/slow");
    redisServer.freeze(); // connected, but answers nothing until thawed
    try {
      assertThat(b.get(path)).isEqualTo("rendered /slow by B #1");
      assertThat(b.redis().stats().tierTimeouts()).isEqualTo(1);
    } finally {
      redisServer.thaw();
    }
    assertThat(b.redis().stats().tierErrors()).isZero();
  }

  @Test
  void aPurgeOfEverythingStartsANewGenerationInOneStep() throws Exception {
    startBoth(UnaryOperator.identity());
    String path = renderOnAAndShare("/generation");
    byte[] before = entryKey(path);

    a.cache().invalidateAll();

    await().until(() -> !Arrays.equals(entryKey(path), before));
    assertThat(redis().exists(entryKey(path))).isZero();
    assertThat(b.get(path)).isEqualTo("rendered /generation by B #1");
  }

  @Test
  void aPathPurgeRemovesOnlyThatPathAndQueryFromTheSharedTier() throws Exception {
    startBoth(UnaryOperator.identity());
    for (String target : List.of("/paged", "/paged?p=1", "/paged?p=2", "/paged/more", "/pagedx")) {
      a.get(target);
    }
    await().until(() -> a.redis().stats().tierStores() == 5);

    a.cache().invalidatePath("/paged?p=1");

    await().until(() -> redis().exists(keyOf("/paged", "p=1")) == 0); // the shared tier is purged asynchronously
    assertThat(redis().exists(keyOf("/paged", ""), keyOf("/paged", "p=2"), keyOf("/paged/more", ""),
        keyOf("/pagedx", ""))).isEqualTo(4);
    assertThat(b.get("/paged?p=1")).isEqualTo("rendered /paged?p=1 by B #1");
    assertThat(b.get("/paged?p=2")).isEqualTo("rendered /paged?p=2 by A #1");
  }

  private static byte[] withByte(byte[] value, int index, int newByte) {
    byte[] copy = value.clone();
    copy[index] = (byte) newByte;
    return copy;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
