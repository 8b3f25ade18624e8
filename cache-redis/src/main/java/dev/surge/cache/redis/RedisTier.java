package dev.surge.cache.redis;

import com.google.common.hash.Hashing;
import dev.surge.cache.CacheKey;
import dev.surge.cache.Purge;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shared tier's entries and indexes in Redis, every operation one atomic script or command, but for the
 * purges of many entries, which run as a chain of bounded scripts.
 *
 * <p>Layout, under the prefix {@code surge:{namespace}:} (the braces keep every key in one cluster hash slot):
 * {@code generation} holds a number {@code g}; the current entries live under {@code surge:{namespace}:g:}, each
 * at {@code e:<id>} with a Redis TTL equal to its remaining freshness, its tags at {@code t:<id>} with the same
 * TTL; {@code paths} is a sorted set of {@code <path>\n<id>} members, read by lexicographic range for
 * path-prefix and resource purges; {@code tag:<tag>} is the set of the members tagged so; {@code expiry}
 * scores each member (with its tags) by when it expires, so that each put prunes a few expired members from
 * the indexes. Index keys expire no earlier than the last entry they name. {@code v:<resource>} (the id without
 * its variant part) holds the {@code Vary} field values the resource's entries were last stored with, so that an
 * instance that never rendered the resource finds its variants. Outside the generations, {@code lease:<id>} is
 * the render lease of fleet-wide collapsing. Purging everything increments
 * {@code generation}: O(1), and the old generation's keys expire on their own. {@code purges-published} counts
 * the fleet's purges (see {@link PurgeSequence}): a put is refused while it counts one the writer has not
 * applied.
 *
 * <p>Any other purge reads its index (a range of {@code paths}, or {@code tag:<tag>}) in batches of at most
 * {@link #PURGE_BATCH} members, one script per batch, each removing its members with their entries and index
 * entries, the next script sent when the previous one answered, until a batch comes back short: however many
 * entries a purge removes, Redis is never held for more than one batch. Each batch reads its index afresh, so
 * the purge also removes what was put into its range or tag between two batches (costing only a miss). A purge
 * that fans out is counted in {@code purges-published} by its first batch, before anything is removed (from then
 * on, the fleet's racing writes are refused), and published by its last, after everything is removed (an
 * instance that hears of it reads nothing it removed).
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

  /**
   * The most index members one purge script reads and removes: Redis runs one script at a time, so this bounds
   * how long a purge of many entries holds it (a few milliseconds), whatever the purge's size.
   */
  static final int PURGE_BATCH = 500;

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

  /**
   * The value stored for the id {@code ARGV[2]} under the path {@code ARGV[3]} in the generation at {@code base},
   * or false when it or an index a purge would find it by is gone.
   */
  private static final String FIND_ENTRY = """
      local function findEntry(base)
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
      end
      """;

  /**
   * {@code found} and the value stored for the id {@code ARGV[2]}; else {@code varies} and the {@code Vary} field
   * values its resource's entries were stored with, if they were; else nothing.
   */
  private static final RedisScript GET = new RedisScript(FIND_ENTRY + READ_GENERATION + """
      local value = findEntry(base)
      if value then return {'found', value} end
      local vary = redis.call('GET', base .. 'v:' .. string.sub(ARGV[2], 1, -17))
      if vary then return {'varies', vary} end
      return {}
      """, ScriptOutputType.MULTI);

  /**
   * The entry, when one is stored ({@code found} and its value); else the render lease {@code KEYS[2]} taken for
   * {@code ARGV[5]} ms under the token {@code ARGV[4]} ({@code granted}), or found held by another ({@code
   * taken}).
   */
  private static final RedisScript CLAIM = new RedisScript(FIND_ENTRY + """
      local generation = redis.call('GET', KEYS[1])
      if generation then
        local value = findEntry(ARGV[1] .. generation .. ':')
        if value then return {'found', value} end
      end
      if redis.call('SET', KEYS[2], ARGV[4], 'NX', 'PX', ARGV[5]) then return {'granted'} end
      return {'taken'}
      """, ScriptOutputType.MULTI);

  /**
   * Ends the lease {@code KEYS[1]} if the token {@code ARGV[1]} still holds it, telling the channel {@code
   * ARGV[2]} that the render of {@code ARGV[3]} ended.
   */
  private static final RedisScript RELEASE = new RedisScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      redis.call('DEL', KEYS[1])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
      return 1
      """, ScriptOutputType.INTEGER);

  private static final RedisScript PUT = RedisScript.sentWhole(NEW_GENERATION + """
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
      local vary = base .. 'v:' .. string.sub(ARGV[2], 1, -17)
      if ARGV[7] == '' then
        redis.call('DEL', vary)
      else
        redis.call('SET', vary, ARGV[7], 'PX', math.max(ttl, redis.call('PTTL', vary)))
      end
      for i = 8, #ARGV do
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

  /**
   * One batch of a purge, as a function of the members it selects: removes at most {@code ARGV[3]} of them with
   * their entries, and publishes the purge once a batch comes back short, so that an instance that hears of it
   * reads nothing the purge removes. KEYS: the generation[, the purge counter]; ARGV: the key prefix, the range
   * start or tag, the batch size[, the channel, the message, and the purge's number, or nothing for the first
   * batch, which counts the purge]. Answers {removed, selected, number}.
   */
  private static String purgeScript(String selectMembers) {
    return """
        local number = ARGV[6]
        if ARGV[4] and not number then number = redis.call('INCR', KEYS[2]) end
        local removed, selected = 0, 0
        local generation = redis.call('GET', KEYS[1])
        if generation then
          local base = ARGV[1] .. generation .. ':'
          local members = """ + selectMembers + """

          for _, member in ipairs(members) do
            local id = string.match(member, '\\n(.*)$')
            removed = removed + redis.call('DEL', base .. 'e:' .. id)
            redis.call('DEL', base .. 't:' .. id)
            redis.call('ZREM', base .. 'paths', member)
          end
          selected = #members
        end
        if ARGV[4] and selected < tonumber(ARGV[3]) then
          redis.call('PUBLISH', ARGV[4], number .. '\\n' .. ARGV[5])
        end
        return {removed, selected, tonumber(number or 0)}
        """;
  }

  private static final RedisScript PURGE_RANGE = RedisScript.sentWhole(purgeScript(
      "redis.call('ZRANGEBYLEX', base .. 'paths', '[' .. ARGV[2], '(' .. ARGV[2] .. '\\255', 'LIMIT', 0, ARGV[3])"),
      ScriptOutputType.MULTI);

  /** SPOP takes the members off the tag's set: the next batch selects the rest, an emptied set is deleted. */
  private static final RedisScript PURGE_TAG = RedisScript.sentWhole(purgeScript(
      "redis.call('SPOP', base .. 'tag:' .. ARGV[2], ARGV[3])"), ScriptOutputType.MULTI);

  private static final RedisScript PURGE_ALL = RedisScript.sentWhole(NEW_GENERATION + """
      return newGeneration()
      """, ScriptOutputType.INTEGER);

  /** A new generation, counted and published as one purge, with the same KEYS and ARGV as a purge batch's. */
  private static final RedisScript PUBLISH_PURGE_ALL = RedisScript.sentWhole(NEW_GENERATION + """
      local number = redis.call('INCR', KEYS[2])
      newGeneration()
      redis.call('PUBLISH', ARGV[4], number .. '\\n' .. ARGV[5])
      return {0, 0, number}
      """, ScriptOutputType.MULTI);

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final byte[][] generationKey;
  /** The generation key and the purge counter, for a put that must not outlive a purge it has not seen. */
  private final byte[][] putKeys;
  private final byte[] prefixBytes;
  private final int purgeBatch;
  private final byte[] batchBytes;

  RedisTier(RedisClusterAsyncCommands<byte[], byte[]> redis, String namespace) {
    this(redis, namespace, PURGE_BATCH);
  }

  /** A tier whose purges remove at most {@code purgeBatch} index members per script (tests make it small). */
  RedisTier(RedisClusterAsyncCommands<byte[], byte[]> redis, String namespace, int purgeBatch) {
    this.redis = redis;
    this.purgeBatch = purgeBatch;
    this.batchBytes = utf8(Integer.toString(purgeBatch));
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

  /** What a {@linkplain #get lookup} found. */
  enum Found { ENTRY, VARY, NOTHING }

  /** A lookup's answer: the stored value ({@link Found#ENTRY}) or {@code Vary} field values ({@link Found#VARY}). */
  record Lookup(Found found, byte[] value) {}

  /**
   * The value stored for {@code id} under {@code path}; when it or an index of it is gone, the {@code Vary} field
   * values the entries of its resource were last stored with, if any.
   */
  CompletableFuture<Lookup> get(String id, String path) {
    return GET.<List<Object>>run(redis, generationKey, prefixBytes, utf8(id), utf8(path)).thenApply(reply -> {
      if (reply == null || reply.isEmpty() || reply.get(0) == null) { // a nil reply: no generation yet
        return new Lookup(Found.NOTHING, null);
      }
      boolean entry = "found".equals(new String((byte[]) reply.get(0), StandardCharsets.UTF_8));
      return new Lookup(entry ? Found.ENTRY : Found.VARY, (byte[]) reply.get(1));
    });
  }

  /** What a {@linkplain #claim claim} found. */
  enum ClaimAnswer { FOUND, GRANTED, TAKEN }

  /** A claim's answer, with the stored value when it is {@link ClaimAnswer#FOUND}. */
  record Claim(ClaimAnswer answer, byte[] value) {}

  /**
   * The stored value for {@code id} under {@code path} when there is one; else the render lease of {@code id},
   * taken under {@code token} for {@code leaseMillis} when no other process holds it.
   */
  CompletableFuture<Claim> claim(String id, String path, String token, long leaseMillis) {
    return CLAIM.<List<Object>>run(redis, new byte[][] {generationKey[0], leaseKey(id)}, prefixBytes, utf8(id),
        utf8(path), utf8(token), utf8(Long.toString(leaseMillis))).thenApply(RedisTier::claimOf);
  }

  private static Claim claimOf(List<Object> reply) {
    String answer = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
    return switch (answer) {
      case "found" -> new Claim(ClaimAnswer.FOUND, (byte[]) reply.get(1));
      case "granted" -> new Claim(ClaimAnswer.GRANTED, null);
      default -> new Claim(ClaimAnswer.TAKEN, null);
    };
  }

  /**
   * Ends the render lease of {@code id} taken under {@code token}, if it still holds it, and says so on {@code
   * channel}; completes with 1 when it did. Sent after the render's put on the same connection, it runs after
   * that put in Redis, so a process woken by it finds the entry.
   */
  CompletableFuture<Long> release(String id, String token, byte[] channel) {
    return RELEASE.run(redis, new byte[][] {leaseKey(id)}, utf8(token), channel, utf8(id));
  }

  private byte[] leaseKey(String id) {
    byte[] lease = utf8("lease:" + id);
    byte[] key = Arrays.copyOf(prefixBytes, prefixBytes.length + lease.length);
    System.arraycopy(lease, 0, key, prefixBytes.length, lease.length);
    return key;
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
      String id,
      String path,
      Collection<String> tags,
      Collection<String> varyFieldValues,
      long ttlMillis,
      byte[] value,
      long appliedPurges) {
    byte[][] args = new byte[7 + tags.size()][];
    args[0] = prefixBytes;
    args[1] = utf8(id);
    args[2] = utf8(path);
    args[3] = utf8(Long.toString(ttlMillis));
    args[4] = value;
    args[5] = utf8(Long.toString(appliedPurges));
    args[6] = utf8(String.join("\n", varyFieldValues));
    int i = 7;
    for (String tag : tags) {
      args[i++] = utf8(tag);
    }
    return PUT.run(redis, putKeys, args);
  }

  /**
   * Removes every entry {@code purge} names, at most {@link #purgeBatch} index members per script, one script
   * after the other (never blocking a thread) until one comes back short; completes with how many entries were
   * removed. A purge of everything starts a new generation instead and counts none.
   */
  CompletableFuture<Long> purge(Purge purge) {
    if (purge instanceof Purge.All) {
      return purgeAll().thenApply(generation -> 0L);
    }
    CompletableFuture<Purged> done = new CompletableFuture<>();
    nextBatch(scriptOf(purge), generationKey, new byte[][] {prefixBytes, targetOf(purge), batchBytes}, 0, done);
    return done.thenApply(Purged::removed);
  }

  /**
   * Removes every entry {@code purge} names as {@link #purge} does, and makes it the fleet's next purge: the first
   * script increments the counter at {@code counterKey} (from then on Redis refuses the writes of instances that
   * have not applied it, see {@link #put}), and the script that finishes the purge publishes {@code
   * <number>\n<message>} on {@code channel}. Completes with the purge's number once the last script ran.
   *
   * <p>Why no entry rendered before the purge outlives it: a put that Redis runs before the first batch is in
   * the index when the batches read it afresh, so one of them removes it. A put that Redis runs after the first
   * batch is refused unless its writer had applied the purge when it sent it: an instance that hears of the
   * purge applies it after the last batch, and the publisher after its last reply, each one only after
   * dropping (or refusing to store) the renders that were running when it applied the purge.
   */
  CompletableFuture<Long> purgeAndPublish(Purge purge, byte[] counterKey, byte[] channel, byte[] message) {
    CompletableFuture<Purged> done = new CompletableFuture<>();
    RedisScript script = purge instanceof Purge.All ? PUBLISH_PURGE_ALL : scriptOf(purge);
    byte[] target = purge instanceof Purge.All ? new byte[0] : targetOf(purge);
    nextBatch(script, new byte[][] {generationKey[0], counterKey},
        new byte[][] {prefixBytes, target, batchBytes, channel, message}, 0, done);
    return done.thenApply(Purged::number);
  }

  /** What a purge removed, and its number in the fleet's count (0 when it is not counted). */
  private record Purged(long removed, long number) {}

  /** Runs one batch of {@code script}, and the next ones until one comes back short; then completes {@code done}. */
  private void nextBatch(RedisScript script, byte[][] keys, byte[][] args, long removedBefore,
      CompletableFuture<Purged> done) {
    CompletableFuture<List<Long>> batch;
    try {
      batch = script.run(redis, keys, args);
    } catch (RuntimeException refused) {
      done.completeExceptionally(refused);
      return;
    }
    batch.whenComplete((answer, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);
        return;
      }
      long removed = removedBefore + answer.get(0);
      long number = answer.get(2);
      if (answer.get(1) < purgeBatch) {
        done.complete(new Purged(removed, number));
      } else {
        nextBatch(script, keys, args.length == 5 ? numbered(args, number) : args, removed, done);
      }
    });
  }

  /** A publishing purge's arguments for the batches after the first: they carry the number it was counted as. */
  private static byte[][] numbered(byte[][] args, long number) {
    byte[][] numbered = Arrays.copyOf(args, 6);
    numbered[5] = utf8(Long.toString(number));
    return numbered;
  }

  private static RedisScript scriptOf(Purge purge) {
    return purge instanceof Purge.Tag ? PURGE_TAG : PURGE_RANGE;
  }

  /** The start of the index range a purge removes, or its tag. */
  private static byte[] targetOf(Purge purge) {
    if (purge instanceof Purge.Resource resource) {
      return utf8(resource.key().path() + "\n" + resourceIdOf(resource.key()));
    } else if (purge instanceof Purge.Path path) {
      return utf8(path.path() + "\n" + queryIdOf(path.query()));
    } else if (purge instanceof Purge.PathPrefix prefix) {
      return utf8(prefix.prefix());
    } else if (purge instanceof Purge.Tag tag) {
      return utf8(tag.tag());
    }
    throw new IllegalArgumentException("no index range for " + purge);
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
