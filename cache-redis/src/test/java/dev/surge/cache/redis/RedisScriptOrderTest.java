package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a Redis that does not know a script yet (just started, restarted, failed over), a script run by its SHA-1
 * is retried whole only once Redis said so, possibly after commands sent behind it: a write or a purge sent that
 * way could run after a lookup that must see it (CI saw a purge overtaken so). A script sent whole keeps its
 * order.
 */
class RedisScriptOrderTest {

  private static final String SET = "redis.call('SET', KEYS[1], ARGV[1]) return 1";

  @Test
  void aScriptSentWholeRunsBeforeTheCommandsSentAfterItOnARedisThatDoesNotKnowIt() throws Exception {
    try (RedisServer server = RedisServer.start(); BinaryConnection connection = BinaryConnection.to(server)) {
      RedisAsyncCommands<byte[], byte[]> redis = connection.connection().async();

      CompletableFuture<Long> write = RedisScript.sentWhole(SET, ScriptOutputType.INTEGER)
          .run(redis, new byte[][] {utf8("whole")}, utf8("written"));
      byte[] readBehindIt = redis.get(utf8("whole")).get(5, TimeUnit.SECONDS);

      assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(readBehindIt).isEqualTo(utf8("written"));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
