package dev.surge.cache.redis;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory first, then Redis: a {@link ResponseStore} that answers from the in-process store, and on a miss
 * there from the shared tier, promoting what it finds into memory.
 *
 * <p>Lookups in Redis wait at most the configured timeout; a slow, unreachable or refusing Redis, and any
 * value that does not decode to an entry for exactly the key asked for, is a miss, so the request renders.
 * Puts to Redis are fire-and-forget: the entry is already in memory, the request thread (or event loop) only
 * encodes it and hands it to the client, and at most a bounded number of puts are in flight (the rest are
 * dropped and counted) so a stalled Redis cannot pile up memory. Failures are counted, never thrown.
 *
 * <p>Purges reach both tiers, Redis once for the whole fleet: when this cache's purges fan out, the store only
 * drops its memory of a purge, and the instance that requested it purges Redis as it publishes it ({@link
 * #purgeAndPublish}); when they do not, the store purges Redis itself. Redis removes a large purge's entries
 * batch by batch (see {@link RedisTier}), and until the last batch has run a lookup may still find one of them
 * there and promote it; so the store that purged Redis drops its memory of the purge again once Redis is done,
 * and the other instances hear of the purge only then. Once a purge is done in Redis and heard of, no instance
 * serves an entry stored before it, from either tier.
 *
 * <p>When a purge cannot reach Redis (or stops between batches), or the connection to Redis was lost (Redis
 * may have missed purges meanwhile, or come back from a snapshot taken before them), the shared tier may hold
 * entries it should no longer serve, so it is not read or written again until a purge of its whole
 * generation has succeeded.
 * A purge also discards what a concurrent lookup is about to promote, so a promotion cannot undo it, and a
 * write is refused by Redis while another instance's purge that this cache has not applied yet is counted
 * there (see {@link PurgeSequence}), so a render that raced a purge elsewhere cannot outlive it.
 */
final class SharedTierStore implements ResponseStore {

  private static final Logger LOG = LoggerFactory.getLogger(SharedTierStore.class);
  private static final int PUTS_IN_FLIGHT = 64;
  private static final long RECOVERY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ResponseStore memory;
  private final RedisTier redis;
  private final RedisHealth health;
  private final RedisCounters counters;
  private final InstantSource clock;
  private final long timeoutNanos;
  private final long maximumEntryBytes;
  private final PurgeSequence fleetPurges;
  private final Semaphore puts = new Semaphore(PUTS_IN_FLIGHT);
  private final AtomicLong purges = new AtomicLong();
  private final AtomicBoolean generationSuspect = new AtomicBoolean();
  private final AtomicLong lastRecoveryAttempt = new AtomicLong(System.nanoTime() - RECOVERY_INTERVAL_NANOS);

  SharedTierStore(
      ResponseStore memory,
      RedisTier redis,
      RedisHealth health,
      RedisCounters counters,
      InstantSource clock,
      Duration timeout,
      long maximumEntryBytes,
      PurgeSequence fleetPurges) {
    this.memory = memory;
    this.redis = redis;
    this.health = health;
    this.counters = counters;
    this.clock = clock;
    this.timeoutNanos = timeout.toNanos();
    this.maximumEntryBytes = maximumEntryBytes;
    this.fleetPurges = fleetPurges;
  }

  /**
   * The connection to Redis broke: until a new generation has started, the shared tier is neither read nor
   * written, since what it holds may have been purged while this instance could not hear of it.
   */
  void connectionLost() {
    generationSuspect.set(true);
  }

  @Override
  public String description() {
    return "Redis shared tier (entries up to " + ByteSize.ofBytes(maximumEntryBytes) + ", lookups wait at most "
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms) in front of " + memory.description();
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    Optional<CachedResponse> local = memory.get(key);
    if (local.isPresent() || !usable()) {
      return local;
    }
    long purgesBefore = purges.get();
    Optional<CachedResponse> shared = fetch(key);
    if (shared.isEmpty()) {
      return shared;
    }
    // Promote first, then look again: a purge counts before it clears memory, so one that began before the
    // check is seen here, and one that begins after it clears what was just promoted.
    memory.put(key, shared.get());
    if (purges.get() != purgesBefore) {
      memory.invalidateResource(key);
      return Optional.empty();
    }
    return shared;
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    memory.put(key, response);
    if (!usable()) {
      return;
    }
    long ttlMillis = response.remainingLifetimeAt(clock.instant()).toMillis();
    if (ttlMillis <= 0 || !RedisTier.indexable(key.path()) || !response.tags().stream().allMatch(RedisTier::indexable)) {
      return;
    }
    if (response.bodyLength() > maximumEntryBytes) {
      counters.tierOversized.increment();
      return;
    }
    byte[] value = EntryCodec.encode(key, response);
    if (value.length > maximumEntryBytes) {
      counters.tierOversized.increment();
      return;
    }
    if (!puts.tryAcquire()) {
      counters.tierPutsDropped.increment();
      return;
    }
    redis.put(RedisTier.idOf(key), key.path(), response.tags(), ttlMillis, value, fleetPurges.applied())
        .whenComplete((stored, failure) -> {
      puts.release();
      if (failure == null) {
        (stored != null && stored == 1 ? counters.tierStores : counters.tierStalePuts).increment();
        health.succeeded();
      } else {
        counters.tierErrors.increment();
        health.failed("storing in the shared tier", failure);
      }
    });
  }

  @Override
  public int invalidateResource(CacheKey key) {
    return purge(new Purge.Resource(key));
  }

  @Override
  public int invalidatePathPrefix(String pathPrefix) {
    return purge(new Purge.PathPrefix(pathPrefix));
  }

  @Override
  public int invalidatePath(String path, String query) {
    return purge(new Purge.Path(path, query));
  }

  @Override
  public int invalidateTag(String tag) {
    return purge(new Purge.Tag(tag));
  }

  @Override
  public void invalidateAll() {
    purge(Purge.ALL);
  }

  /** Recycles the memory tier only: recycling bounds this process's memory, the shared tier has its TTLs. */
  @Override
  public void recycle() {
    memory.recycle();
  }

  /** The memory tier's size and removals; the shared tier's counters are in {@link RedisStats}. */
  /** As full as the in-process store: what is not stored there is not shared either. */
  @Override
  public boolean isFull() {
    return memory.isFull();
  }

  @Override
  public Snapshot snapshot() {
    return memory.snapshot();
  }

  private Optional<CachedResponse> fetch(CacheKey key) {
    CompletableFuture<byte[]> value = redis.get(RedisTier.idOf(key), key.path());
    try {
      byte[] bytes = value.get(timeoutNanos, TimeUnit.NANOSECONDS);
      health.succeeded();
      if (bytes == null) {
        counters.tierMisses.increment();
        return Optional.empty();
      }
      Optional<CachedResponse> entry = EntryCodec.decode(bytes)
          .filter(decoded -> decoded.key().equals(key))
          .map(EntryCodec.Entry::response);
      if (entry.isEmpty()) {
        counters.tierCorrupt.increment();
        LOG.debug("ignored an undecodable shared-tier value for {}", key);
        return Optional.empty();
      }
      counters.tierHits.increment();
      return entry;
    } catch (TimeoutException slow) {
      value.cancel(false);
      counters.tierTimeouts.increment();
      return Optional.empty();
    } catch (ExecutionException failure) {
      counters.tierErrors.increment();
      health.failed("a shared-tier lookup", failure.getCause());
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Applies {@code purge} to memory, and to Redis too unless this cache's purges fan out (the fan-out purges
   * the shared tier once for the fleet, see {@link #purgeAndPublish}); how many entries memory held.
   */
  private int purge(Purge purge) {
    purges.incrementAndGet();
    if (!fleetPurges.fansOut()) {
      purgeShared(purge, () -> redis.purge(purge));
    }
    return forget(purge);
  }

  /**
   * Purges the shared tier of {@code purge} as the fleet's next purge, and publishes it once the tier is done
   * (see {@link RedisTier#purgeAndPublish}); completes with its number then, or fails as the purge did.
   */
  CompletableFuture<Long> purgeAndPublish(Purge purge, byte[] counterKey, byte[] channel, byte[] message) {
    return purgeShared(purge, () -> redis.purgeAndPublish(purge, counterKey, channel, message));
  }

  /**
   * Runs {@code sent}, the shared tier's part of {@code purge}. When it has succeeded, memory is purged once
   * more: a lookup may have promoted an entry from a batch the purge had not reached yet. When it failed, the
   * tier's generation is suspect.
   */
  private CompletableFuture<Long> purgeShared(Purge purge, Supplier<CompletableFuture<Long>> sent) {
    CompletableFuture<Long> running;
    try {
      running = sent.get();
    } catch (RuntimeException refused) {
      running = CompletableFuture.failedFuture(refused);
    }
    return running.whenComplete((result, failure) -> {
      if (failure == null) {
        health.succeeded();
        purges.incrementAndGet();
        forget(purge);
      } else {
        counters.tierPurgeFailures.increment();
        health.failed("a shared-tier purge", failure);
        generationSuspect.set(true);
      }
    });
  }

  /** Applies {@code purge} to the memory tier; how many entries it removed there. */
  private int forget(Purge purge) {
    if (purge instanceof Purge.Resource resource) {
      return memory.invalidateResource(resource.key());
    } else if (purge instanceof Purge.PathPrefix prefix) {
      return memory.invalidatePathPrefix(prefix.prefix());
    } else if (purge instanceof Purge.Path path) {
      return memory.invalidatePath(path.path(), path.query());
    } else if (purge instanceof Purge.Tag tag) {
      return memory.invalidateTag(tag.tag());
    }
    memory.invalidateAll();
    return 0;
  }

  /**
   * Whether the shared tier may be read and written: yes, unless a purge was lost, in which case this tries,
   * at most once a second, to start a new generation, and says yes once that succeeded.
   */
  private boolean usable() {
    if (!generationSuspect.get()) {
      return true;
    }
    long now = System.nanoTime();
    long last = lastRecoveryAttempt.get();
    if (now - last >= RECOVERY_INTERVAL_NANOS && lastRecoveryAttempt.compareAndSet(last, now)) {
      redis.purgeAll().whenComplete((generation, failure) -> {
        if (failure != null) {
          health.failed("starting a new generation of the shared tier", failure);
        } else {
          generationSuspect.set(false);
          health.succeeded();
          LOG.info("the shared tier starts generation {} after a purge that could not reach Redis or a lost"
              + " connection", generation);
        }
      });
    }
    return false;
  }
}
