package dev.surge.cache.redis;

import com.google.common.base.Preconditions;
import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.Purge;
import dev.surge.cache.ResponseStore;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Surge's scale-out over Redis: every purge fanned out to every instance, and optionally a shared second
 * tier behind each instance's in-memory store. Build one per application with {@link #builder}, make each
 * {@link HttpCache} through {@link #newCache}, and {@link #close} it on shutdown.
 *
 * <pre>{@code
 * SurgeRedis redis = SurgeRedis.builder("redis://10.0.0.5:6379").sharedTier(true).build();
 * HttpCache cache = redis.newCache(HttpCache.builder().defaultTtl(Duration.ofSeconds(30)));
 * }</pre>
 *
 * <p>What it guarantees: a purge requested on one instance ({@code invalidate}, {@code invalidatePath},
 * {@code invalidatePathPrefix}, {@code invalidateTag}, {@code invalidateAll}) is applied to that instance at once,
 * to the shared tier once for the whole fleet (by that instance, in scripts of at most 500 entries each, so
 * that a purge of many entries never holds Redis long), and to every other instance as soon as Redis delivers
 * it, after the shared tier is purged (milliseconds when Redis is up). While Redis
 * is unreachable, every instance keeps serving from memory and applying its own purges; the outage is
 * logged once at WARN and its end at INFO, and counted in {@link #stats()}; Lettuce reconnects with an
 * exponential backoff; purges that could not be published are published when Redis is back; and an instance
 * whose subscription was interrupted drops its in-memory entries when it resubscribes. The shared tier and
 * fleet-wide collapsing are described on {@link Builder#sharedTier} and {@link Builder#fleetCollapsing}; a
 * request waiting for another instance's render is woken when a connection to Redis breaks.
 *
 * <p>Redis may be a single server, named directly ({@code redis://}) or through Sentinel
 * ({@code redis-sentinel://host:port,host:port/0#master}, following the master through failovers), or a
 * Redis Cluster ({@link #clusterBuilder}); every key and the channel of one namespace share the hash tag
 * {@code {namespace}}, so they live in one cluster slot.
 *
 * <p>{@code build()} never waits for Redis and never fails because Redis is unreachable: it connects in the
 * background, trying again with the {@linkplain Builder#reconnectDelay reconnection backoff} until it succeeds
 * or {@link #close} is called. Until then the application starts and serves as during an outage: the shared
 * tier is a miss, purges apply locally and are published once connected, and the stats say unavailable; a
 * cache that served meanwhile drops its in-memory entries once the purge channel is subscribed, as it cannot
 * know which purges it missed.
 * Thread-safe; {@link #close} ends the connections (caches made by it keep working, in memory only).
 */
public final class SurgeRedis implements AutoCloseable {

  private final Builder options;
  private final ClientResources resources;
  private final RedisTopology topology;
  private final DeferredCommands commands = new DeferredCommands();
  private final RedisConnector connector;
  private final PurgeChannel channel;
  private final RenderNotices renderNotices;
  private final List<SharedTierStore> tiers = new CopyOnWriteArrayList<>();
  private final RedisHealth health = new RedisHealth();
  private final RedisCounters counters = new RedisCounters();
  private final ExecutorService purgeApplier = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "surge-redis-purges");
    thread.setDaemon(true);
    return thread;
  });

  private SurgeRedis(Builder options) {
    this.options = options;
    this.channel = new PurgeChannel(channelName(options.namespace, options.database(), "purges"));
    this.renderNotices = new RenderNotices(channelName(options.namespace, options.database(), "renders"));
    Delay backoff = Delay.exponential(options.minimumReconnectDelay, options.maximumReconnectDelay, 2,
        TimeUnit.MILLISECONDS);
    this.resources = DefaultClientResources.builder().reconnectDelay(backoff).build();
    this.topology = options.cluster
        ? RedisTopology.cluster(resources, options.uris, options.commandTimeout)
        : RedisTopology.server(resources, options.uris.get(0), options.commandTimeout);
    topology.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (commands.connected()) { // else the first subscription publishes what is pending
          channel.reconnected();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (commands.connected()) { // else nothing was read or written (nor a Sentinel's answer awaited)
          tiers.forEach(SharedTierStore::connectionLost);
        }
        renderNotices.wakeAll(); // the end of a render awaited may never be heard now
      }
    });
    this.connector = new RedisConnector(topology, channel, renderNotices, commands, health, backoff);
    connector.start();
  }

  /**
   * A builder for the Redis at {@code redisUri}, e.g. {@code redis://127.0.0.1:6379/0}, or for the master that
   * Sentinel names, e.g. {@code redis-sentinel://10.0.0.7:26379,10.0.0.8:26379/0#mymaster}.
   */
  public static Builder builder(String redisUri) {
    return builder(RedisURI.create(redisUri));
  }

  /** A builder for the Redis at {@code redisUri}, a server or a Sentinel-managed master. */
  public static Builder builder(RedisURI redisUri) {
    return new Builder(List.of(Preconditions.checkNotNull(redisUri, "uri")), false);
  }

  /**
   * A builder for the Redis Cluster that the nodes at {@code seedUris} belong to, e.g. {@code
   * redis://10.0.0.5:6379}; one reachable seed is enough, the others are tried when it is not. Database 0, the
   * only one a cluster has.
   */
  public static Builder clusterBuilder(String... seedUris) {
    return clusterBuilder(Arrays.stream(seedUris).map(RedisURI::create).toList());
  }

  /** A builder for the Redis Cluster that the nodes at {@code seedUris} belong to. */
  public static Builder clusterBuilder(List<RedisURI> seedUris) {
    Preconditions.checkArgument(!seedUris.isEmpty(), "clusterBuilder: name at least one seed node");
    for (RedisURI seed : seedUris) {
      Preconditions.checkArgument(seed.getSentinels().isEmpty() && seed.getDatabase() == 0,
          "clusterBuilder: seed %s must be a redis:// or rediss:// node URI of database 0", seed);
    }
    return new Builder(List.copyOf(seedUris), true);
  }

  /**
   * Builds a cache from {@code cache}, wired to Redis as this instance is configured: its purges are
   * published and other instances' purges applied to it; with the shared tier, its store is the builder's
   * {@linkplain HttpCache.Builder#defaultStore() default in-memory store} in front of Redis. Replaces the
   * builder's clock with this instance's {@linkplain Builder#clock clock} (they must agree), its store when the
   * shared tier is on (a store set on the builder before is not used then), and its purge listener.
   */
  public HttpCache newCache(HttpCache.Builder cache) {
    cache.clock(options.clock);
    PurgeSequence purges = options.purgeFanOut ? PurgeSequence.fannedOut() : PurgeSequence.notFannedOut();
    ResponseStore memory = null;
    Optional<SharedTierStore> sharedTier = Optional.empty();
    if (options.sharedTier) {
      memory = cache.defaultStore();
      SharedTierStore tier = new SharedTierStore(memory,
          new RedisTier(commands.commands(), options.namespace, options.purgeBatch), health, counters, options.clock,
          options.sharedTierTimeout, options.sharedTierMaximumEntryBytes.bytes(), purges, options.fleetCollapsing,
          renderNotices);
      tiers.add(tier);
      cache.store(tier);
      sharedTier = Optional.of(tier);
    }
    if (!options.purgeFanOut) {
      return cache.build();
    }
    PurgeFanOut fanOut = new PurgeFanOut(commands.commands(), channel.name(),
        health, counters, options.purgeApplier.orElse(purgeApplier), RedisTier.purgeCounterKey(options.namespace),
        purges, sharedTier);
    HttpCache built = cache.purgeListener(fanOut).build();
    // Without the shared tier the cache's store is its memory; with it, only the memory tier is dropped.
    fanOut.bind(built, memory == null ? () -> built.applyPurge(Purge.ALL) : memory::invalidateAll);
    channel.add(fanOut);
    return built;
  }

  /** A snapshot of the counters of the fan-out and the shared tier, over every cache made by this instance. */
  public RedisStats stats() {
    return RedisStats.of(health, counters);
  }

  /**
   * Stops connecting (if Redis was never reached), closes the connections and stops applying received purges;
   * returns without waiting for a connection attempt in flight.
   */
  @Override
  public void close() {
    connector.close();
    purgeApplier.shutdownNow();
    topology.shutdown();
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /**
   * The channel {@code purpose} ({@code purges}, {@code renders}) of {@code namespace} on {@code database}: Redis
   * delivers a publication to the subscribers of every database, so applications kept apart by database number
   * must not share a channel.
   */
  private static byte[] channelName(String namespace, int database, String purpose) {
    return ("surge:{" + namespace + "}:db" + database + ":" + purpose).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Configures a {@link SurgeRedis}. Each setter validates its argument and throws
   * {@link IllegalArgumentException} naming the option.
   */
  public static final class Builder {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final List<RedisURI> uris;
    private final boolean cluster;
    private String namespace = "surge";
    private boolean purgeFanOut = true;
    private boolean sharedTier;
    private boolean fleetCollapsing;
    private Duration sharedTierTimeout = Duration.ofMillis(50);
    private ByteSize sharedTierMaximumEntryBytes = ByteSize.ofKilobytes(512);
    private Duration minimumReconnectDelay = Duration.ofMillis(100);
    private Duration maximumReconnectDelay = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private InstantSource clock = InstantSource.system();
    private Optional<Executor> purgeApplier = Optional.empty();
    private int purgeBatch = RedisTier.PURGE_BATCH;

    private Builder(List<RedisURI> uris, boolean cluster) {
      this.uris = uris;
      this.cluster = cluster;
    }

    private int database() {
      return cluster ? 0 : uris.get(0).getDatabase();
    }

    /**
     * Separates the channel and keys of one application from another's on the same Redis; letters, digits,
     * {@code .}, {@code _} and {@code -}; default {@code surge}. Instances share purges and entries only
     * within one namespace.
     */
    public Builder namespace(String namespace) {
      Preconditions.checkArgument(NAMESPACE.matcher(namespace).matches(),
          "namespace: '%s' is not 1 to 64 letters, digits, '.', '_' or '-'", namespace);
      this.namespace = namespace;
      return this;
    }

    /** Publish every purge to, and apply the purges of, the other instances; default on. */
    public Builder purgeFanOut(boolean enabled) {
      this.purgeFanOut = enabled;
      return this;
    }

    /**
     * Keep a second copy of each entry in Redis, shared by every instance: a lookup that misses memory asks
     * Redis (waiting at most {@link #sharedTierTimeout}) before the application renders, and promotes what it
     * finds into memory. Entries are written with a Redis TTL equal to their remaining freshness, in a
     * checksummed, versioned format; a value that is corrupt, truncated, of another version or for another
     * key is a miss. Writes never wait for Redis. Purges remove entries from Redis too. Default off.
     */
    public Builder sharedTier(boolean enabled) {
      this.sharedTier = enabled;
      return this;
    }

    /**
     * Fleet-wide collapsing: one render per page across every instance, not one per instance. On a miss that no
     * other request of this instance is rendering, the instance takes a render lease for the key in Redis, as
     * long as the cache's {@linkplain HttpCache.Builder#coalescingTimeout coalescing timeout}; an instance that
     * finds the lease taken waits for that render, at most the coalescing timeout, and serves its entry from the
     * shared tier. It renders itself when that render fails or is not stored, when the wait runs out, or when
     * Redis cannot be asked; it is never served an entry stored for another key or variant. Needs {@link
     * #sharedTier} and coalescing (a zero coalescing timeout turns it off). Default off.
     */
    public Builder fleetCollapsing(boolean enabled) {
      this.fleetCollapsing = enabled;
      return this;
    }

    /**
     * The longest a lookup waits for the shared tier before rendering instead; default 50 ms. The wait holds
     * no thread: a request waits for the answer the way it waits for another request's render.
     */
    public Builder sharedTierTimeout(Duration timeout) {
      Preconditions.checkArgument(timeout.compareTo(Duration.ZERO) > 0 && timeout.compareTo(Duration.ofSeconds(5)) <= 0,
          "sharedTierTimeout must be positive and at most 5s, was %s", timeout);
      this.sharedTierTimeout = timeout;
      return this;
    }

    /** The largest encoded entry written to the shared tier; larger ones stay in memory only. Default 512 KB. */
    public Builder sharedTierMaximumEntryBytes(ByteSize bytes) {
      Preconditions.checkArgument(bytes.bytes() >= 1024 && bytes.bytes() <= 512L * 1024 * 1024,
          "sharedTierMaximumEntryBytes must be between 1KB and 512MB, was %s", bytes);
      this.sharedTierMaximumEntryBytes = bytes;
      return this;
    }

    /**
     * Bounds of the exponential backoff between connection attempts, from start until Redis is first reached
     * and after a connection broke; default 100 ms to 5 s.
     */
    public Builder reconnectDelay(Duration minimum, Duration maximum) {
      Preconditions.checkArgument(!minimum.isNegative() && minimum.compareTo(maximum) <= 0 && !maximum.isZero(),
          "reconnectDelay: need 0 <= minimum (%s) <= maximum (%s), maximum > 0", minimum, maximum);
      this.minimumReconnectDelay = minimum;
      this.maximumReconnectDelay = maximum;
      return this;
    }

    /** The longest any command (a publish, a purge) may take before it counts as failed; default 2 s. */
    public Builder commandTimeout(Duration timeout) {
      Preconditions.checkArgument(timeout.compareTo(Duration.ZERO) > 0, "commandTimeout must be positive, was %s",
          timeout);
      this.commandTimeout = timeout;
      return this;
    }

    /** The clock for freshness; {@link SurgeRedis#newCache} gives it to the caches it builds. Default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Preconditions.checkNotNull(clock, "clock");
      return this;
    }

    /** Where received purges are applied: a test holds it to play a purge that has not reached a cache yet. */
    Builder purgeApplier(Executor applier) {
      this.purgeApplier = Optional.of(Preconditions.checkNotNull(applier, "purgeApplier"));
      return this;
    }

    /** The most index members one shared-tier purge script removes; tests make it small to purge in batches. */
    Builder purgeBatch(int members) {
      Preconditions.checkArgument(members > 0, "purgeBatch must be positive, was %s", members);
      this.purgeBatch = members;
      return this;
    }

    /**
     * Returns at once, and connects to Redis and subscribes to the purge channel in the background, trying
     * again with the {@linkplain #reconnectDelay reconnection backoff} until Redis answers or the instance is
     * closed. Never fails because Redis is unreachable; {@link SurgeRedis#stats()} says when it is connected.
     */
    public SurgeRedis build() {
      Preconditions.checkArgument(sharedTier || !fleetCollapsing, "fleetCollapsing needs sharedTier(true)");
      return new SurgeRedis(this);
    }
  }
}
