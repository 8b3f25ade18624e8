package dev.surge.cache.redis;

import com.google.common.hash.Hashing;
import dev.surge.cache.CacheKey;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The shared tier's entries and indexes in Redis, every operation one atomic script or command.
 *
 * <p>Layout, under the prefix {@code surge:{namespace}:} (the braces keep every key in one cluster hash slot):
 * {@code generation} holds a number {@code g}; the current entries live under {@code surge:{namespace}:g:}, each
 * at {@code e:<id>} with a Redis TTL equal to its remaining freshness, its tags at {@code t:<id>} with the same
 * TTL; {@code paths} is a sorted set of {@code <path>\n<id>} members, read by lexicographic range for
 * path-prefix and resource purges; {@code tag:<tag>} is the set of the members tagged so; {@code expiry}
 * scores each member (with its tags) by when it expires, so that each put prunes a few expired members from
 * the indexes. Index keys expire no earlier than the last entry they name. Purging everything increments
 * {@code generation}: O(1), and the old generation's keys expire on their own.
 *
 * <p>An evicting Redis ({@code allkeys-lru}) may drop any key, an index before the entries it names, so a read
 * serves an entry only while every index that a purge would find it by still names it: the path index, each of
 * its tag sets, and the generation key itself (a missing one is never read as an old generation; the next put
 * starts a new one numbered from Redis {@code TIME}, above every number used before).
 *
 * <p>An id is {@code <query>.<primary>.<variant>}: hashes of the key's query, of the resource's primary key and
 * of the full key, so that a purge of one path and query on every host finds its entries by the range {@code
 * <path>\n<query>.} and a resource purge finds every variant by the range {@code <path>\n<query>.<primary>.}.
 * The stored value carries the whole key and is checked on read, so a hash collision can only cost a miss (or,
 * in a purge, the removal of an entry that was not asked for).
 */
final class RedisTier {

  /** The current generation's key prefix, or no answer at all when there is no generation key. */
  private static final String READ_GENERATION = """
      local generation = redis.call('GET', KEYS[1])
      if not generation then return false end
      local base = ARGV[1] .. generation .. ':'
      """;

  /** A new generation number: the next one, or one from Redis TIME in microseconds when the key is gone. */
  private static final String NEW_GENERATION = """
      local function newGeneration()
        if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
        local time = redis.call('TIME')
        local started = string.format('%.0f', tonumber(time[1]) * 1000000 + tonumber(time[2]))
        redis.call('SET', KEYS[1], started)
        return tonumber(started)
      end
      """;

  private static final RedisScript GET = new RedisScript(READ_GENERATION + """
      local value = redis.call('GET', base .. 'e:' .. ARGV[2])
      if not value then return false end
      local member = ARGV[3] .. '\\n' .. ARGV[2]
      if not redis.call('ZSCORE', base .. 'paths', member) then return false end
      local tags = redis.call('GET', base .. 't:' .. ARGV[2])
      if not tags then return false end
      for tag in string.gmatch(tags, '[^\\n]+') do
        if redis.call('SISMEMBER', base .. 'tag:' .. tag, member) == 0 then return false end
      end
      return value
      """, ScriptOutputType.VALUE);

  private static final RedisScript PUT = new RedisScript(NEW_GENERATION + """
      if tonumber(redis.call('GET', KEYS[2]) or '0') > tonumber(ARGV[6]) then return 0 end
      if redis.call('EXISTS', KEYS[1]) == 0 then newGeneration() end
      local base = ARGV[1] .. redis.call('GET', KEYS[1]) .. ':'

      local function extend(key, ttl)
        if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
      end
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      for _, stale in ipairs(redis.call('ZRANGEBYSCORE', base .. 'expiry', '-inf', now, 'LIMIT', 0, 16)) do
        redis.call('ZREM', base .. 'expiry', stale)
        local parts = {}
        for part in string.gmatch(stale, '[^\\n]+') do parts[#parts + 1] = part end
        if redis.call('EXISTS', base .. 'e:' .. parts[2]) == 0 then
          local member = parts[1] .. '\\n' .. parts[2]
          redis.call('ZREM', base .. 'paths', member)
          for i = 3, #parts do redis.call('SREM', base .. 'tag:' .. parts[i], member) end
        end
      end
      local ttl = tonumber(ARGV[4])
      local member = ARGV[3] .. '\\n' .. ARGV[2]
      local record = member
      redis.call('SET', base .. 'e:' .. ARGV[2], ARGV[5], 'PX', ttl)
      redis.call('ZADD', base .. 'paths', 0, member)
      extend(base .. 'paths', ttl)
      local tags = ''
      for i = 7, #ARGV do
        record = record .. '\\n' .. ARGV[i]
        tags = tags .. ARGV[i] .. '\\n'
        redis.call('SADD', base .. 'tag:' .. ARGV[i], member)
        extend(base .. 'tag:' .. ARGV[i], ttl)
      end
      redis.call('SET', base .. 't:' .. ARGV[2], tags, 'PX', ttl)
      redis.call('ZADD', base .. 'expiry', now + ttl, record)
      extend(base .. 'expiry', ttl)
      return 1
      """, ScriptOutputType.INTEGER);

  private static final String REMOVE_MEMBERS = """
      local removed = 0
      for _, member in ipairs(members) do
        local id = string.match(member, '\\n(.*)$')
        removed = removed + redis.call('DEL', base .. 'e:' .. id)
        redis.call('DEL', base .. 't:' .. id)
        redis.call('ZREM', base .. 'paths', member)
      end
      """;

  private static final RedisScript PURGE_RANGE = new RedisScript(READ_GENERATION + """
      local members = redis.call('ZRANGEBYLEX', base .. 'paths', '[' .. ARGV[2], '(' .. ARGV[2] .. '\\255')
      """ + REMOVE_MEMBERS + """
      return removed
      """, ScriptOutputType.INTEGER);

  private static final RedisScript PURGE_TAG = new RedisScript(READ_GENERATION + """
      local members = redis.call('SMEMBERS', base .. 'tag:' .. ARGV[2])
      """ + REMOVE_MEMBERS + """
      redis.call('DEL', base .. 'tag:' .. ARGV[2])
      return removed
      """, ScriptOutputType.INTEGER);

  private static final RedisScript PURGE_ALL = new RedisScript(NEW_GENERATION + """
      return newGeneration()
      """, ScriptOutputType.INTEGER);

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final byte[][] generationKey;
  /** The generation key and the purge counter, for a put that must not outlive a purge it has not seen. */
  private final byte[][] putKeys;
  private final byte[] prefixBytes;

  RedisTier(RedisClusterAsyncCommands<byte[], byte[]> redis, String namespace) {
    this.redis = redis;
    String prefix = "surge:{" + namespace + "}:";
    this.prefixBytes = utf8(prefix);
    this.generationKey = new byte[][] {utf8(prefix + "generation")};
    this.putKeys = new byte[][] {generationKey[0], purgeCounterKey(namespace)};
  }

  /** The id an entry of {@code key} is stored under. */
  static String idOf(CacheKey key) {
    return resourceIdOf(key) + hash(EntryCodec.keyBytes(key), 16);
  }

  /** Whether a path or tag can be written into the indexes, whose members are separated by newlines. */
  static boolean indexable(String text) {
    return !text.isEmpty() && text.indexOf('\n') < 0;
  }

  /** The value stored for {@code id} under {@code path}, or null (a miss) when it or an index of it is gone. */
  CompletableFuture<byte[]> get(String id, String path) {
    return GET.run(redis, generationKey, prefixBytes, utf8(id), utf8(path));
  }

  /** The key whose number counts every purge published in {@code namespace}. */
  static byte[] purgeCounterKey(String namespace) {
    return utf8("surge:{" + namespace + "}:purges-published");
  }

  /**
   * Stores {@code value} for {@code id}; completes with 1, or with 0 when Redis counts a purge past {@code
   * appliedPurges}, the last one the storing cache applied: the value may predate it, so it is not stored.
   */
  CompletableFuture<Long> put(
      String id, String path, Collection<String> tags, long ttlMillis, byte[] value, long appliedPurges) {
    byte[][] args = new byte[6 + tags.size()][];
    args[0] = prefixBytes;
    args[1] = utf8(id);
    args[2] = utf8(path);
    args[3] = utf8(Long.toString(ttlMillis));
    args[4] = value;
    args[5] = utf8(Long.toString(appliedPurges));
    int i = 6;
    for (String tag : tags) {
      args[i++] = utf8(tag);
    }
    return PUT.run(redis, putKeys, args);
  }

  /** Removes every variant of the resource {@code key} names; completes with how many entries were removed. */
  CompletableFuture<Long> purgeResource(CacheKey key) {
    return PURGE_RANGE.run(redis, generationKey, prefixBytes, utf8(key.path() + "\n" + resourceIdOf(key)));
  }

  /**
   * Removes every entry of exactly {@code path} and {@code query}, on any host; completes with how many entries
   * were removed.
   */
  CompletableFuture<Long> purgePath(String path, String query) {
    return PURGE_RANGE.run(redis, generationKey, prefixBytes, utf8(path + "\n" + queryIdOf(query)));
  }

  CompletableFuture<Long> purgePathPrefix(String pathPrefix) {
    return PURGE_RANGE.run(redis, generationKey, prefixBytes, utf8(pathPrefix));
  }

  CompletableFuture<Long> purgeTag(String tag) {
    return PURGE_TAG.run(redis, generationKey, prefixBytes, utf8(tag));
  }

  /** Starts a new, empty generation; completes with its number. */
  CompletableFuture<Long> purgeAll() {
    return PURGE_ALL.run(redis, generationKey);
  }

  /** The start every variant's id of the resource {@code key} names shares: {@code <query>.<primary>.}. */
  static String resourceIdOf(CacheKey key) {
    return queryIdOf(key.query()) + hash(EntryCodec.keyBytes(key.primary()), 32) + ".";
  }

  /** The start the ids of every entry with the query {@code query} share, whatever their host: {@code <query>.}. */
  private static String queryIdOf(String query) {
    return hash(query.getBytes(StandardCharsets.UTF_8), 16) + ".";
  }

  private static String hash(byte[] bytes, int hexDigits) {
    return Hashing.sha256().hashBytes(bytes).toString().substring(0, hexDigits);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
