package dev.surge.cache;

import com.google.common.base.Preconditions;
import dev.surge.cache.internal.CacheStatusField;
import dev.surge.cache.internal.SecondChanceStore;
import dev.surge.cache.internal.RequestTargets;
import dev.surge.cache.internal.Invalidations;
import dev.surge.cache.internal.RequestStealingStep;
import dev.surge.cache.internal.StatsRecorder;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surge's facade: one in-process HTTP response cache, its request-stealing {@linkplain #step() pipeline step}
 * for adapters, its {@linkplain #policy() policy}, {@linkplain #stats() counters} and purges.
 *
 * <p>Build one with {@link #builder()}; every option has a sane default and the builder rejects a bad value
 * at once with a message naming the option. A cache is thread-safe and meant to live as long as the
 * application; adapters share one instance.
 */
public final class HttpCache {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCache.class);

  private final CachePolicy policy;
  private final ResponseStore store;
  private final StatsRecorder stats = new StatsRecorder();
  private final RequestStealingStep step;
  private final Invalidations invalidations;
  private final InstantSource clock;
  private final PurgeListener purgeListener;
  private final StartUpLine startUpLine;

  private HttpCache(Builder builder) {
    this.clock = builder.clock;
    this.policy = new CachePolicy(builder);
    this.store = builder.store.orElseGet(builder::defaultStore);
    this.purgeListener = builder.purgeListener;
    this.step =
        new RequestStealingStep(
            policy,
            store,
            stats,
            clock,
            builder.coalescingTimeout,
            builder.maximumEntryBytes,
            ByteSize.ofBytes(Math.max(256 * 1024, builder.maximumBytes.bytes() / 16)),
            builder.defaultTtl,
            new CacheStatusField(builder.cacheStatusHeader),
            builder.purgeListener,
            builder.minimumUses,
            builder.maximumBytes);
    this.invalidations = step.invalidations();
    this.startUpLine = new StartUpLine(
        store, builder.maximumEntryBytes, builder.defaultTtl, builder.revalidationWindow, builder.cacheStatusHeader,
        purgeListener);
  }

  /** A builder with the defaults listed on each of its methods. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The line {@link #logStartUp} logs, e.g. {@code Surge cache ready on the servlet filter: store 64MB in
   * memory, at most 10000 entries, recycled every 100000 requests or 10m, entries up to 1MB; default TTL 1m
   * (for responses that state no freshness); revalidation of stale pages with validators for 10m; Cache-Status
   * off (enable: cacheStatusHeader); purge fan-out off}.
   *
   * @param adapter where the cache is put to work, e.g. {@code the servlet filter}
   * @param cacheStatusSwitch how that adapter's user switches {@code Cache-Status} on, named when it is off
   */
  public String startUpLine(String adapter, String cacheStatusSwitch) {
    return startUpLine.on(adapter, cacheStatusSwitch);
  }

  /**
   * Logs {@link #startUpLine} at INFO: each adapter calls this once when it puts the cache to work, so that
   * the log says what the cache will do before the first request.
   */
  public void logStartUp(String adapter, String cacheStatusSwitch) {
    LOG.info(startUpLine(adapter, cacheStatusSwitch));
  }

  /** The request-stealing step adapters call for every request. */
  public PipelineStep step() {
    return step;
  }

  /** The pure decisions this cache applies. */
  public CachePolicy policy() {
    return policy;
  }

  /** The clock this cache reads. */
  public InstantSource clock() {
    return clock;
  }

  /** A snapshot of the counters and the store's size. */
  public CacheStats stats() {
    return stats.snapshot(store.snapshot());
  }

  /**
   * Removes every stored variant of the absolute {@code http}/{@code https} URI {@code uri}. Like every purge,
   * it also keeps renders of the purged entries that are running now from being stored, and it is then told
   * to the {@linkplain Builder#purgeListener purge listener}.
   *
   * @return how many entries were removed
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI with a valid host
   */
  public int invalidate(URI uri) {
    CacheKey key = policy.resourceKey(uri)
        .orElseThrow(() -> new IllegalArgumentException("not a cacheable http(s) URI: " + uri));
    return purge(new Purge.Resource(key));
  }

  /** Removes every entry whose path starts with {@code pathPrefix}, on any host; returns how many. */
  public int invalidatePathPrefix(String pathPrefix) {
    return purge(new Purge.PathPrefix(pathPrefix));
  }

  /**
   * Removes every stored variant of the origin-form {@code target}, such as {@code /articles/7} or {@code
   * /search?q=a}, on every host and scheme: the entries whose path and query are exactly those of the target
   * (no query matches only entries without one), read and normalized as requests' are for their keys. Like
   * every purge, it also keeps renders of those entries that are running now from being stored, and it is
   * then told to the {@linkplain Builder#purgeListener purge listener}.
   *
   * @return how many entries were removed
   * @throws IllegalArgumentException if {@code target} does not start with a single {@code /} or holds a
   *     character a request target cannot (controls, spaces, non-ASCII, {@code #})
   */
  public int invalidatePath(String target) {
    Purge.Path path = policy.pathPurge(target).orElseThrow(() -> new IllegalArgumentException(
        "not an origin-form target (a path starting with /, not //, optionally ?query, in visible ASCII"
            + " without '#'): '" + target + "'"));
    return purge(path);
  }

  /** Removes every entry tagged {@code tag} (by the tag header, {@code Surrogate-Key} by default); returns how many. */
  public int invalidateTag(String tag) {
    return purge(new Purge.Tag(tag));
  }

  /** Removes every entry. */
  public void invalidateAll() {
    purge(Purge.ALL);
  }

  /**
   * Applies {@code purge} to this cache only, exactly as the purge method of the same kind would, but without
   * telling the purge listener: how a purge published by another instance is applied here, so that it is
   * never published again.
   *
   * @return how many entries were removed
   */
  public int applyPurge(Purge purge) {
    int removed;
    if (purge instanceof Purge.Resource resource) {
      removed = invalidations.invalidateResource(resource.key());
    } else if (purge instanceof Purge.PathPrefix prefix) {
      removed = invalidations.invalidatePathPrefix(prefix.prefix());
    } else if (purge instanceof Purge.Tag tag) {
      removed = invalidations.invalidateTag(tag.tag());
    } else if (purge instanceof Purge.Path path) {
      removed = invalidations.invalidatePath(path.path(), path.query());
    } else {
      removed = invalidations.invalidateAll();
    }
    LOG.debug("purged {}: {} entries", purge, removed);
    return removed;
  }

  /** Drops the current generation of entries at once, as the configured recycling would. */
  public void recycle() {
    invalidations.recycle();
  }

  private int purge(Purge purge) {
    int removed = applyPurge(purge);
    try {
      purgeListener.purged(purge);
    } catch (RuntimeException failure) {
      LOG.warn("the purge listener failed on {}; the purge was applied to this cache", purge, failure);
    }
    return removed;
  }

  /**
   * Configures an {@link HttpCache}. Each setter validates its argument and throws {@link
   * IllegalArgumentException} naming the option; {@link #build()} checks the options against each other.
   */
  public static final class Builder {
    Duration defaultTtl = Duration.ofSeconds(60);
    Duration maximumTtl = Duration.ofHours(1);
    Duration staleWhileRevalidate = Duration.ZERO;
    Duration staleIfError = Duration.ZERO;
    Duration revalidationWindow = Duration.ofMinutes(10);
    ByteSize maximumBytes = ByteSize.ofMegabytes(64);
    ByteSize maximumEntryBytes = ByteSize.ofMegabytes(1);
    long maximumEntries = 10_000;
    long recycleAfterRequests = 100_000;
    Duration recycleAfter = Duration.ofMinutes(10);
    Duration coalescingTimeout = Duration.ofSeconds(5);
    int minimumUses = 1;
    Set<Integer> cacheableStatuses = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
    Set<String> allowedHosts = Set.of();
    Set<String> trustedForwardingHeaders = Set.of();
    Set<String> ignoredRequestHeaders = Set.of();
    boolean sortQueryParameters;
    Set<String> ignoredQueryParameters = Set.of();
    Set<String> privateCookies = Set.of("JSESSIONID", "SESSION", "remember-me", "vertx-web.session");
    int maximumKeyLength = 4096;
    boolean generateEtags = true;
    boolean leakGuard = true;
    Compression compression = Compression.defaults();
    String tagHeader = "Surrogate-Key";
    boolean cacheStatusHeader;
    InstantSource clock = InstantSource.system();
    Optional<ResponseStore> store = Optional.empty();
    PurgeListener purgeListener = PurgeListener.NONE;

    private Builder() {}

    /** Freshness for responses that state none ({@code max-age}, {@code s-maxage}, {@code Expires}); default 60 s. Zero stores only responses that state their own. */
    public Builder defaultTtl(Duration ttl) {
      this.defaultTtl = notNegative("defaultTtl", ttl);
      return this;
    }

    /**
     * The longest any entry is kept, whatever the response says: its freshness and any stale window together
     * end by then; default 1 h.
     */
    public Builder maximumTtl(Duration ttl) {
      this.maximumTtl = positive("maximumTtl", ttl);
      return this;
    }

    /**
     * For responses without their own {@code stale-while-revalidate}: how long after going stale an entry is
     * still served while one request renders a fresh copy (the others get the stale one at once, with its
     * true {@code Age}); default zero (off). A response's own directive always applies; neither does with
     * {@code must-revalidate} or {@code proxy-revalidate}, and this default not with {@code s-maxage}.
     * Needs coalescing: with a zero {@link #coalescingTimeout} every request finding a stale entry renders.
     */
    public Builder staleWhileRevalidate(Duration window) {
      this.staleWhileRevalidate = notNegative("staleWhileRevalidate", window);
      return this;
    }

    /**
     * For responses without their own {@code stale-if-error}: how long after going stale an entry is still
     * served instead of an error, when its render answers 500, 502, 503 or 504 or throws before sending
     * anything, or when waiting for another request's render of it fails or times out; default zero (off).
     * The same directives as for {@link #staleWhileRevalidate} switch it off.
     */
    public Builder staleIfError(Duration window) {
      this.staleIfError = notNegative("staleIfError", window);
      return this;
    }

    /**
     * How long after going stale an entry whose origin gave it a validator ({@code ETag} or {@code
     * Last-Modified}) is kept to be revalidated (RFC 9111 §4.3): the next request for it asks the application
     * with {@code If-None-Match} / {@code If-Modified-Since}, and a {@code 304} serves the stored body again
     * with the 304's fields, without a render. Responses with validators are then stored even when they say
     * {@code no-cache} or arrive stale ({@code max-age=0}), and are never served unvalidated once stale.
     * Default 10 minutes; the store still drops entries at {@link #maximumTtl} after storing and when it
     * recycles. Zero turns revalidation off (responses saying {@code no-cache} are then not stored).
     */
    public Builder revalidationWindow(Duration window) {
      this.revalidationWindow = notNegative("revalidationWindow", window);
      return this;
    }

    /**
     * The most bytes all entries may hold together, counting for each its body, fields, key and the store's own
     * bookkeeping (an upper estimate of the heap it retains; for a 2 KB page about 2 KB more); default 64 MB.
     */
    public Builder maximumBytes(ByteSize bytes) {
      this.maximumBytes = positive("maximumBytes", bytes);
      return this;
    }

    /** The largest body stored; larger responses stream through uncached. Default 1 MB. */
    public Builder maximumEntryBytes(ByteSize bytes) {
      this.maximumEntryBytes = positive("maximumEntryBytes", bytes);
      return this;
    }

    /** The most entries kept; default 10,000 (a tenth of the requests a generation serves). */
    public Builder maximumEntries(long entries) {
      Preconditions.checkArgument(entries > 0, "maximumEntries must be at least 1, was %s", entries);
      this.maximumEntries = entries;
      return this;
    }

    /** Drop the whole store after this many lookups; default 100,000. */
    public Builder recycleAfterRequests(long requests) {
      Preconditions.checkArgument(requests > 0, "recycleAfterRequests must be at least 1, was %s", requests);
      this.recycleAfterRequests = requests;
      return this;
    }

    /** Drop the whole store when it is this old; default 10 min. */
    public Builder recycleAfter(Duration age) {
      this.recycleAfter = positive("recycleAfter", age);
      return this;
    }

    /** How long concurrent misses of one key wait for the request rendering it; default 5 s, zero turns waiting off. */
    public Builder coalescingTimeout(Duration timeout) {
      this.coalescingTimeout = notNegative("coalescingTimeout", timeout);
      return this;
    }

    /**
     * How many times a key must have been asked for lately before its response is copied and stored (like
     * nginx's {@code proxy_cache_min_uses}); default 1, store on the first miss while the store has room.
     * Whatever this says, once the store is full (see {@link ResponseStore#isFull()}) a key must have been
     * asked for at least twice, so that one-off URLs (crawlers, cache-busting query strings) cost no copy and
     * displace nothing. Until then a miss renders without being copied and nobody waits for it: a surge for a
     * new page renders it that many times at once and the rest of the surge waits for the last of those. Counted
     * in a table of fading counters sized by {@link #maximumBytes}, 1 to 15.
     */
    public Builder minimumUses(int uses) {
      Preconditions.checkArgument(uses >= 1 && uses <= 15, "minimumUses: must be 1 to 15, got %s", uses);
      this.minimumUses = uses;
      return this;
    }

    /** The statuses that may be stored; default 200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501. */
    public Builder cacheableStatuses(Set<Integer> statuses) {
      StoreRules.checkCacheableStatuses(statuses);
      this.cacheableStatuses = Set.copyOf(statuses);
      return this;
    }

    /**
     * When not empty, only requests for these host names (any case, without port) use the cache; default any
     * valid host. Name the hosts the application serves, so that invented {@code Host} values cannot fill it.
     */
    public Builder allowedHosts(Set<String> hosts) {
      for (String host : hosts) {
        Preconditions.checkArgument(
            RequestTargets.normalizeAuthority("http", host)
                .filter(normalized -> normalized.equalsIgnoreCase(host) && RequestTargets.hostName(normalized).equals(normalized))
                .isPresent(),
            "allowedHosts: '%s' is not a host name without port", host);
      }
      this.allowedHosts = Set.copyOf(hosts);
      return this;
    }

    /**
     * Cookies that identify a user: a request carrying one is treated like a request with
     * {@code Authorization} (served and stored only responses marked {@code public} or {@code s-maxage}).
     * Default {@code JSESSIONID}, {@code SESSION}, {@code remember-me} and {@code vertx-web.session}: the
     * servlet, Spring Session, Spring Security remember-me and Vert.x Web session defaults. Name your
     * application's own session and login cookies here too.
     */
    public Builder privateCookies(Set<String> names) {
      for (String name : names) {
        Preconditions.checkArgument(ResponseHeaders.isValidName(name), "privateCookies: invalid cookie name '%s'", name);
      }
      this.privateCookies = Set.copyOf(names);
      return this;
    }

    /**
     * Forwarding headers set by a proxy you trust ({@code X-Forwarded-Host}, {@code Forwarded}, ...): their
     * values become part of the key instead of keeping the request out of the cache. Default none.
     */
    public Builder trustedForwardingHeaders(Set<String> names) {
      this.trustedForwardingHeaders = headerNames("trustedForwardingHeaders", names);
      return this;
    }

    /**
     * Forwarding headers the application never reads when rendering (typically {@code X-Forwarded-For}):
     * they neither keep a request out of the cache nor enter the key. Default none.
     */
    public Builder ignoredRequestHeaders(Set<String> names) {
      this.ignoredRequestHeaders = headerNames("ignoredRequestHeaders", names);
      return this;
    }

    /** Sort query parameters by name in the key, so {@code ?a=1&b=2} and {@code ?b=2&a=1} share it; default off. */
    public Builder sortQueryParameters(boolean sort) {
      this.sortQueryParameters = sort;
      return this;
    }

    /** Query parameter names left out of the key, {@code *} matching any run of characters (e.g. {@code utm_*}); default none. */
    public Builder ignoredQueryParameters(Set<String> patterns) {
      for (String pattern : patterns) {
        Preconditions.checkArgument(!pattern.isEmpty(), "ignoredQueryParameters: empty pattern");
      }
      this.ignoredQueryParameters = Set.copyOf(patterns);
      return this;
    }

    /** Requests whose key would be longer than this many characters bypass the cache; default 4096. */
    public Builder maximumKeyLength(int characters) {
      Preconditions.checkArgument(characters >= 64, "maximumKeyLength must be at least 64, was %s", characters);
      this.maximumKeyLength = characters;
      return this;
    }

    /** Add a strong {@code ETag} computed from the body to stored 200s that have none; default on. */
    public Builder generateEtags(boolean generate) {
      this.generateEtags = generate;
      return this;
    }

    /**
     * Whether a response whose body holds the value of a credential sent with the request that rendered it is
     * kept out of the store; default on. The credentials are every cookie's value, whatever the cookie's name,
     * and the credentials of {@code Authorization} and {@code Proxy-Authorization}; values shorter than 8
     * characters do not count. This catches a page that echoes a {@code remember_me} or {@code auth_token}
     * cookie, which no {@link #privateCookies privateCookies} setting names, before it is served to everyone.
     * Such a refusal is counted as {@link RejectReason#CREDENTIAL_IN_BODY} and logged at WARN naming the
     * cookie or header and the path, never the value. Costs a search of the body on misses of requests that
     * carry a cookie or authorization; nothing on others. Turn it off only if pages legitimately echo long
     * cookie values that are not secret.
     */
    public Builder leakGuard(boolean enabled) {
      this.leakGuard = enabled;
      return this;
    }

    /**
     * The content codings stored responses are kept in (see {@link Compression}); default {@link
     * Compression#defaults()}: gzip, plus zstd and br when {@code surge-compression} is on the class path, for
     * text types of 256 bytes and more, each compressed once when the response is stored. A hit then costs
     * no compression, whatever the client accepts. {@link Compression#off()} stores bodies as they are.
     */
    public Builder compression(Compression compression) {
      this.compression = Preconditions.checkNotNull(compression, "compression");
      return this;
    }

    /** The response header whose space-separated values tag an entry for purging; default {@code Surrogate-Key}. */
    public Builder tagHeader(String name) {
      Preconditions.checkArgument(ResponseHeaders.isValidName(name), "tagHeader: invalid header name '%s'", name);
      this.tagHeader = name;
      return this;
    }

    /**
     * Add a {@code Cache-Status} field (RFC 9211) saying hit, miss or bypass and why, e.g. {@code Surge; hit;
     * ttl=42}; default off. Off because with it every response tells anyone who asks what is cached and for
     * how long, and which requests bypass the cache and why, and because a cache that is off adds nothing to a
     * miss: the application's response goes out exactly as it was sent. Switch it on while setting Surge up or
     * where only your own clients see responses. The one exception: when a set-up mistake keeps the cache from
     * storing anything (the Vert.x handler without its capturing wrapper), the responses it cannot store say so
     * with {@code Cache-Status: Surge; fwd=uri-miss; detail=capture-missing} whatever this option says.
     */
    public Builder cacheStatusHeader(boolean enabled) {
      this.cacheStatusHeader = enabled;
      return this;
    }

    /** The clock for freshness, ages and recycling; default the system clock. Tests pass one they move. */
    public Builder clock(InstantSource clock) {
      this.clock = Preconditions.checkNotNull(clock, "clock");
      return this;
    }

    /** A store to use instead of the default recycling store (whose size and recycling options it then ignores). */
    public Builder store(ResponseStore store) {
      this.store = Optional.of(store);
      return this;
    }

    /**
     * A new store of the kind this builder builds by default, the in-memory recycling store with second-chance
     * (CLOCK) eviction, configured by this
     * builder's size, freshness, recycling and clock options as set so far: for a {@linkplain #store store of
     * your own} that wraps it, such as a shared second tier behind memory.
     */
    public ResponseStore defaultStore() {
      return new SecondChanceStore(maximumBytes, maximumEntries, maximumTtl, recycleAfterRequests, recycleAfter, clock);
    }

    /**
     * Told of every purge requested through the cache's purge methods, after it applied it: the hook that fans
     * purges out to other instances (see {@link PurgeListener}). Default none.
     */
    public Builder purgeListener(PurgeListener listener) {
      this.purgeListener = Preconditions.checkNotNull(listener, "purgeListener");
      return this;
    }

    /**
     * The cache.
     *
     * @throws IllegalArgumentException when options contradict each other
     */
    public HttpCache build() {
      Preconditions.checkArgument(defaultTtl.compareTo(maximumTtl) <= 0,
          "defaultTtl (%s) exceeds maximumTtl (%s)", defaultTtl, maximumTtl);
      Preconditions.checkArgument(maximumEntryBytes.bytes() <= Integer.MAX_VALUE - 1024,
          "maximumEntryBytes (%s) must stay below 2GB", maximumEntryBytes);
      Preconditions.checkArgument(store.isPresent() || maximumEntryBytes.bytes() * 4 <= maximumBytes.bytes(),
          "maximumEntryBytes (%s) must be at most a quarter of maximumBytes (%s)", maximumEntryBytes, maximumBytes);
      return new HttpCache(this);
    }

    private static Set<String> headerNames(String option, Set<String> names) {
      Set<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (String name : names) {
        Preconditions.checkArgument(ResponseHeaders.isValidName(name), "%s: invalid header name '%s'", option, name);
        sorted.add(name);
      }
      return Set.copyOf(sorted);
    }

    private static Duration positive(String option, Duration value) {
      Preconditions.checkArgument(value.compareTo(Duration.ZERO) > 0, "%s must be positive, was %s", option, value);
      return value;
    }

    private static Duration notNegative(String option, Duration value) {
      Preconditions.checkArgument(!value.isNegative(), "%s cannot be negative, was %s", option, value);
      return value;
    }

    private static ByteSize positive(String option, ByteSize value) {
      Preconditions.checkArgument(value.bytes() > 0, "%s must be positive, was %s", option, value);
      return value;
    }
  }
}
