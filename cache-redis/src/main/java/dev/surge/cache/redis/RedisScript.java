package dev.surge.cache.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script, run by its SHA-1 ({@code EVALSHA}) and sent whole ({@code EVAL}) only when the server does not
 * know it yet (e.g. after Redis restarted with an empty script cache); or, for a script whose order against the
 * commands sent after it matters ({@link #sentWhole}: writes and purges), always sent whole: the retry of an
 * unknown {@code EVALSHA} goes out only once Redis answered, after commands sent later, so a purge retried so
 * could run after a lookup that must not see what it removes.
 */
final class RedisScript {

  private final byte[] body;
  private final String sha;
  private final ScriptOutputType output;
  private final boolean sentWhole;

  /** A script run by its SHA-1 when Redis knows it: its order against later commands does not matter. */
  RedisScript(String body, ScriptOutputType output) {
    this(body, output, false);
  }

  private RedisScript(String body, ScriptOutputType output, boolean sentWhole) {
    this.body = body.getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(this.body);
    this.output = output;
    this.sentWhole = sentWhole;
  }

  /** A script always sent whole, so that Redis runs it before every command sent after it. */
  static RedisScript sentWhole(String body, ScriptOutputType output) {
    return new RedisScript(body, output, true);
  }

  <T> CompletableFuture<T> run(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
    if (sentWhole) {
      return redis.<T>eval(body, output, keys, args).toCompletableFuture();
    }
    return redis.<T>evalsha(sha, output, keys, args)
        .toCompletableFuture()
        .exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
            ? redis.<T>eval(body, output, keys, args).toCompletableFuture()
            : CompletableFuture.failedFuture(failure));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException impossible) { // every JDK has SHA-1
      throw new IllegalStateException(impossible);
    }
  }
}
