package dev.surge.cache.redis;

import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.Purge;
import dev.surge.cache.RenderClaim;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.SharedLookup;
import dev.surge.cache.SharedTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * <p>{@link #get} answers from memory only; the request-stealing step asks Redis through {@link #fetch} without
 * blocking any thread, so a frozen Redis holds no event loop. A lookup in Redis is given at most the configured
 * timeout; a slow, unreachable or refusing Redis, and any value that does not decode to an entry for exactly the
 * key asked for, is a miss, so the request renders.
 *
 * <p>Fleet-wide collapsing (when on): the one request of this process about to render a key {@linkplain #claim
 * claims} it with a lease in Redis ({@code SET NX PX}, as long as the coalescing timeout) in the same script that
 * looks for the entry once more. Processes that find the lease taken wait for its end, told on the renders
 * channel, at most the coalescing timeout, then look the entry up: served when it is there, rendered themselves
 * when it is not (that render failed or was not storable) or when the wait ran out. The lease ends when the
 * render does: freed and announced by a script sent after the render's put on the same connection, so Redis
 * runs it after the put; or, when the render's process died, by its expiry. A waiter is only ever served an
 * entry stored under exactly its own key.
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
final class SharedTierStore implements ResponseStore, SharedTier {

  private static final Logger LOG = LoggerFactory.getLogger(SharedTierStore.class);
  private static final int PUTS_IN_FLIGHT = 64;
  private static final long RECOVERY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final RenderClaim ALONE = new RenderClaim.Alone();
  private static final SharedLookup MISSING = new SharedLookup.Missing();

  private final ResponseStore memory;
  private final RedisTier redis;
  private final RedisHealth health;
  private final RedisCounters counters;
  private final InstantSource clock;
  private final long timeoutNanos;
  private final long maximumEntryBytes;
  private final PurgeSequence fleetPurges;
  private final boolean fleetCollapsing;
  private final RenderNotices renderNotices;
  private final String origin = UUID.randomUUID().toString();
  private final AtomicLong claims = new AtomicLong();
  private final Semaphore puts = new Semaphore(PUTS_IN_FLIGHT);
  private final AtomicLong purges = new AtomicLong();
  /** Held while a lookup reads {@link #purges} and is sent, and while a purge is counted and sent. */
  private final Object sendOrder = new Object();
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
      PurgeSequence fleetPurges,
      boolean fleetCollapsing,
      RenderNotices renderNotices) {
    this.memory = memory;
    this.redis = redis;
    this.health = health;
    this.counters = counters;
    this.clock = clock;
    this.timeoutNanos = timeout.toNanos();
    this.maximumEntryBytes = maximumEntryBytes;
    this.fleetPurges = fleetPurges;
    this.fleetCollapsing = fleetCollapsing;
    this.renderNotices = renderNotices;
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
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms"
        + (fleetCollapsing ? ", one render per page across the fleet" : "")
        + ") in front of " + memory.description();
  }

  /** This store's memory only: the shared tier is asked, without blocking, through {@link #sharedTier()}. */
  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return memory.get(key);
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key, Instant now) {
    return memory.get(key, now);
  }

  @Override
  public Optional<SharedTier> sharedTier() {
    return Optional.of(this);
  }

  @Override
  public CompletionStage<SharedLookup> fetch(CacheKey key) {
    if (!usable()) {
      return CompletableFuture.completedFuture(MISSING);
    }
    long purgesBefore;
    CompletableFuture<RedisTier.Lookup> sent;
    synchronized (sendOrder) {
      purgesBefore = purges.get();
      sent = redis.get(RedisTier.idOf(key), key.path());
    }
    return bounded(sent).handle((lookup, failure) -> {
      if (failure != null) {
        lookupFailed(failure);
        return MISSING;
      }
      health.succeeded();
      return switch (lookup.found()) {
        case ENTRY -> promote(key, lookup.value(), purgesBefore)
            .<SharedLookup>map(SharedLookup.Found::new).orElse(MISSING);
        case VARY -> {
          counters.tierMisses.increment();
          yield new SharedLookup.VariesBy(
              List.of(new String(lookup.value(), StandardCharsets.UTF_8).split("\n")));
        }
        case NOTHING -> {
          counters.tierMisses.increment();
          yield MISSING;
        }
      };
    });
  }

  @Override
  public boolean claimsRenders() {
    return fleetCollapsing;
  }

  @Override
  public CompletionStage<RenderClaim> claim(CacheKey key, Duration bound) {
    if (!fleetCollapsing || !usable() || !RedisTier.indexable(key.path())) {
      return CompletableFuture.completedFuture(ALONE);
    }
    String id = RedisTier.idOf(key);
    String token = origin + ":" + claims.incrementAndGet();
    CompletableFuture<Void> ended = renderNotices.ended(id); // before claiming: an end published meanwhile counts
    long purgesBefore;
    CompletableFuture<RedisTier.Claim> sent;
    synchronized (sendOrder) {
      purgesBefore = purges.get();
      sent = redis.claim(id, key.path(), token, Math.max(1, bound.toMillis()));
    }
    return bounded(sent.copy()).handle((claim, failure) -> {
      if (failure != null) {
        renderNotices.forget(id, ended);
        lookupFailed(failure);
        // Redis may still grant the claim after this stopped waiting: free that lease at once, or the fleet
        // would wait on it for nothing.
        sent.thenAccept(late -> {
          if (late.answer() == RedisTier.ClaimAnswer.GRANTED) {
            releaser(id, token).run();
          }
        });
        return CompletableFuture.completedFuture(ALONE);
      }
      health.succeeded();
      return switch (claim.answer()) {
        case FOUND -> {
          renderNotices.forget(id, ended);
          yield CompletableFuture.completedFuture(promote(key, claim.value(), purgesBefore)
              .<RenderClaim>map(RenderClaim.RenderedElsewhere::new).orElse(ALONE));
        }
        case GRANTED -> {
          renderNotices.forget(id, ended);
          counters.fleetRendersClaimed.increment();
          yield CompletableFuture.<RenderClaim>completedFuture(new RenderClaim.Granted(releaser(id, token)));
        }
        case TAKEN -> awaitRenderElsewhere(key, id, ended, bound);
      };
    }).thenCompose(claim -> claim);
  }

  /**
   * Waits, at most {@code bound}, for another process's render of {@code key} to end, then looks it up: rendered
   * elsewhere when its entry is there, else alone (that render failed, was not stored, or is too slow).
   */
  private CompletionStage<RenderClaim> awaitRenderElsewhere(
      CacheKey key, String id, CompletableFuture<Void> ended, Duration bound) {
    counters.fleetWaits.increment();
    return ended.copy().completeOnTimeout(null, bound.toNanos(), TimeUnit.NANOSECONDS)
        .thenCompose(any -> {
          renderNotices.forget(id, ended);
          return fetch(key);
        })
        .thenApply(found -> {
          if (!(found instanceof SharedLookup.Found entry)) {
            return ALONE;
          }
          counters.fleetWaitsServed.increment();
          return new RenderClaim.RenderedElsewhere(entry.entry());
        });
  }

  /** Ends a granted claim once: frees the lease and wakes the processes waiting for it. */
  private Runnable releaser(String id, String token) {
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        redis.release(id, token, renderNotices.channel()).whenComplete((freed, failure) -> {
          if (failure != null) {
            counters.tierErrors.increment();
            health.failed("releasing a render claim", failure);
          }
        });
      }
    };
  }

  /**
   * The entry {@code value}, found in Redis for {@code key}, also offered to memory; empty when it is not an entry
   * for exactly {@code key}, its lifetime is over by this instance's clock, or a purge began since {@code
   * purgesBefore} was read.
   */
  private Optional<CachedResponse> promote(CacheKey key, byte[] value, long purgesBefore) {
    Optional<CachedResponse> entry = EntryCodec.decode(value)
        .filter(decoded -> decoded.key().equals(key))
        .map(EntryCodec.Entry::response);
    if (entry.isEmpty()) {
      counters.tierCorrupt.increment();
      LOG.debug("ignored an undecodable shared-tier value for {}", key);
      return Optional.empty();
    }
    if (entry.get().remainingLifetimeAt(clock.instant()).isZero()) {
      counters.tierMisses.increment(); // Redis's TTL runs on Redis's clock, this instance's may be ahead
      return Optional.empty();
    }
    // Promote first, then look again: a purge counts before it clears memory, so one that began before the
    // check is seen here, and one that begins after it clears what was just promoted.
    memory.put(key, entry.get());
    if (purges.get() != purgesBefore) {
      memory.invalidateResource(key);
      return Optional.empty();
    }
    counters.tierHits.increment();
    return entry;
  }

  /** {@code command}, failing with a {@link TimeoutException} once the lookup timeout has passed. */
  private <T> CompletableFuture<T> bounded(CompletableFuture<T> command) {
    return command.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void lookupFailed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      counters.tierTimeouts.increment();
    } else {
      counters.tierErrors.increment();
      health.failed("a shared-tier lookup", cause);
    }
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    memory.put(key, response);
    if (!usable()) {
      return;
    }
    long ttlMillis = response.remainingLifetimeAt(clock.instant()).toMillis();
    // Values that cannot be written into an index or the Vary record, whose members are separated by newlines.
    List<String> vary = response.headers().all("Vary");
    if (ttlMillis <= 0 || !RedisTier.indexable(key.path()) || !response.tags().stream().allMatch(RedisTier::indexable)
        || vary.stream().anyMatch(value -> value.indexOf('\n') >= 0)) {
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
    redis.put(RedisTier.idOf(key), key.path(), response.tags(), vary, ttlMillis, value, fleetPurges.applied())
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

  /**
   * Applies {@code purge} to memory, and to Redis too unless this cache's purges fan out (the fan-out purges
   * the shared tier once for the fleet, see {@link #purgeAndPublish}); how many entries memory held.
   */
  private int purge(Purge purge) {
    purges.incrementAndGet();
    int removed = forget(purge);
    if (!fleetPurges.fansOut()) {
      purgeShared(purge, () -> redis.purge(purge));
    }
    return removed;
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
    // A lookup sent to Redis before the purge (memory may already be purged: the fan-out sends the purge after
    // the store purged memory) may bring back what the purge removes. Counted and sent in one step with respect
    // to lookups, the purge makes every lookup sent before it refuse to promote, and memory is purged once more
    // for what such a lookup promoted before the count.
    CompletableFuture<Long> running;
    synchronized (sendOrder) {
      purges.incrementAndGet();
      try {
        running = sent.get();
      } catch (RuntimeException refused) {
        running = CompletableFuture.failedFuture(refused);
      }
    }
    forget(purge);
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
