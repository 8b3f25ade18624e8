package dev.surge.cache.spring.boot;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Surge's settings under {@code surge.cache.*}. An option left unset keeps the cache's own default (named in
 * each description). A {@code surge.cache.*} key that names none of them fails start-up, with the closest known
 * name when one is close; a bad value fails start-up with a message naming the property, the value and what is
 * accepted.
 */
@ConfigurationProperties(prefix = "surge.cache", ignoreUnknownFields = false)
public class SurgeCacheProperties {

  /** Whether Surge serves and stores responses at all. */
  private boolean enabled = true;

  /** Whether handler methods without @CacheResponse are cached too, by the cache's own policy. */
  private boolean cacheUnannotated;

  /** The order of Surge's servlet filter; keep it after Spring Security's filter chain (-100) and every other authentication filter. */
  private int filterOrder;

  /** Filters, by registration name, that may run after Surge's filter and so do not run when Surge answers from the cache; start-up fails when a filter that looks like authentication runs after Surge and is not named here. */
  private Set<String> filtersSkippedOnHits = Set.of();

  /** Lifetime of a response that states none (default 60s). */
  private Duration defaultTtl;

  /** Longest lifetime any response is kept (default 1h). */
  private Duration maximumTtl;

  /** Memory bound of all entries (default 64MB). */
  private DataSize maximumBytes;

  /** Largest response body stored (default 1MB, at most a quarter of maximum-bytes). */
  private DataSize maximumEntryBytes;

  /** Most entries kept (default 10000). */
  private Long maximumEntries;

  /** Drop the whole store after this many lookups (default 100000). */
  private Long recycleAfterRequests;

  /** Drop the whole store after this age (default 10m). */
  private Duration recycleAfter;

  /** How long concurrent misses of one page wait for its first render; 0 turns waiting off (default 5s). */
  private Duration coalescingTimeout;

  /** For responses without their own stale-while-revalidate: how long a stale page is served while one request renders it again (default 0, off). */
  private Duration staleWhileRevalidate;

  /** For responses without their own stale-if-error: how long a stale page is served instead of an error (default 0, off). */
  private Duration staleIfError;

  /** How long a stale page with its application's ETag or Last-Modified is kept to be revalidated with a conditional request; 0 turns revalidation off (default 10m). */
  private Duration revalidationWindow;

  /** How many times a page must be asked for lately before it is stored, like nginx's proxy_cache_min_uses (default 1). */
  private Integer minimumUses;

  /** Statuses that may be stored (default 200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501). */
  private Set<Integer> cacheableStatuses;

  /** Host names that use the cache; empty means any valid host (default empty). */
  private Set<String> allowedHosts;

  /** Forwarding headers set by a proxy you trust; they become part of the key (default none). */
  private Set<String> trustedForwardingHeaders;

  /** Forwarding or override headers to ignore instead of bypassing the cache (default none). */
  private Set<String> ignoredRequestHeaders;

  /** Whether query parameters are sorted in keys (default false). */
  private Boolean sortQueryParameters;

  /** Query parameters left out of keys, * matching any run of characters, e.g. utm_* (default none). */
  private Set<String> ignoredQueryParameters;

  /** Cookies identifying a user: requests carrying one share only public responses (default JSESSIONID, SESSION, remember-me, vertx-web.session). */
  private Set<String> privateCookies;

  /** Longest key, in characters, a request may have and still use the cache (default 4096). */
  private Integer maximumKeyLength;

  /** Whether a strong ETag is generated for stored 200 responses that have none (default true). */
  private Boolean generateEtags;

  /** The response header naming a response's purge tags; it is not stored (default Surrogate-Key). */
  private String tagHeader;

  /** Whether responses carry an RFC 9211 Cache-Status field (default false). */
  private Boolean cacheStatusHeader;

  /** Whether a response whose body holds the value (8+ characters) of a cookie or the authorization sent with its request is kept out of the cache (default true). */
  private Boolean leakGuard;

  /** Sharing purges and pages between instances over Redis (needs surge-cache-redis on the classpath). */
  private final Redis redis = new Redis();

  /** Compressed variants of stored pages, under {@code surge.cache.compression.*}. */
  @NestedConfigurationProperty
  private final CompressionSettings compression = new CompressionSettings();

  /** The compressed variants' settings, under {@code surge.cache.compression.*}. */
  public CompressionSettings getCompression() {
    return compression;
  }

  /** The Redis the application's instances share, under {@code surge.cache.redis.*}. */
  public Redis getRedis() {
    return redis;
  }

  /** Settings of the Redis tier; the tier is used when {@code uri} is set. */
  public static class Redis {

    /** The Redis to share purges (and, with shared-tier, pages) through, e.g. redis://redis.internal:6379. */
    private String uri;

    /** Instances share purges and entries only within one namespace (default surge). */
    private String namespace;

    /** Whether every purge is published to the other instances (default true). */
    private Boolean purgeFanOut;

    /** Whether pages are also stored in Redis, behind memory, for the other instances (default false). */
    private Boolean sharedTier;

    /**
     * Whether one instance renders a page while the others wait for its entry in the shared tier (default false;
     * needs shared-tier).
     */
    private Boolean fleetCollapsing;

    /** Longest wait for a shared-tier lookup before rendering instead (default 50ms). */
    private Duration sharedTierTimeout;

    /** Largest body stored in the shared tier (default 512KB). */
    private DataSize sharedTierMaximumEntryBytes;

    /** Timeout of every other Redis command (default 2s). */
    private Duration commandTimeout;

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public Boolean getPurgeFanOut() {
      return purgeFanOut;
    }

    public void setPurgeFanOut(Boolean purgeFanOut) {
      this.purgeFanOut = purgeFanOut;
    }

    public Boolean getSharedTier() {
      return sharedTier;
    }

    public void setSharedTier(Boolean sharedTier) {
      this.sharedTier = sharedTier;
    }

    public Boolean getFleetCollapsing() {
      return fleetCollapsing;
    }

    public void setFleetCollapsing(Boolean fleetCollapsing) {
      this.fleetCollapsing = fleetCollapsing;
    }

    public Duration getSharedTierTimeout() {
      return sharedTierTimeout;
    }

    public void setSharedTierTimeout(Duration sharedTierTimeout) {
      this.sharedTierTimeout = sharedTierTimeout;
    }

    public DataSize getSharedTierMaximumEntryBytes() {
      return sharedTierMaximumEntryBytes;
    }

    public void setSharedTierMaximumEntryBytes(DataSize sharedTierMaximumEntryBytes) {
      this.sharedTierMaximumEntryBytes = sharedTierMaximumEntryBytes;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }
  }

  /** A cache builder holding every option that is set. */
  public HttpCache.Builder toBuilder() {
    HttpCache.Builder builder = HttpCache.builder();
    apply(defaultTtl, builder::defaultTtl);
    apply(maximumTtl, builder::maximumTtl);
    apply(maximumBytes, size -> builder.maximumBytes(ByteSize.ofBytes(size.toBytes())));
    apply(maximumEntryBytes, size -> builder.maximumEntryBytes(ByteSize.ofBytes(size.toBytes())));
    apply(maximumEntries, builder::maximumEntries);
    apply(recycleAfterRequests, builder::recycleAfterRequests);
    apply(recycleAfter, builder::recycleAfter);
    apply(coalescingTimeout, builder::coalescingTimeout);
    apply(staleWhileRevalidate, builder::staleWhileRevalidate);
    apply(staleIfError, builder::staleIfError);
    apply(revalidationWindow, builder::revalidationWindow);
    apply(minimumUses, builder::minimumUses);
    apply(cacheableStatuses, builder::cacheableStatuses);
    apply(allowedHosts, builder::allowedHosts);
    apply(trustedForwardingHeaders, builder::trustedForwardingHeaders);
    apply(ignoredRequestHeaders, builder::ignoredRequestHeaders);
    apply(sortQueryParameters, builder::sortQueryParameters);
    apply(ignoredQueryParameters, builder::ignoredQueryParameters);
    apply(privateCookies, builder::privateCookies);
    apply(maximumKeyLength, builder::maximumKeyLength);
    apply(generateEtags, builder::generateEtags);
    apply(tagHeader, builder::tagHeader);
    apply(cacheStatusHeader, builder::cacheStatusHeader);
    apply(leakGuard, builder::leakGuard);
    compression.toCompression().ifPresent(builder::compression);
    return builder;
  }

  static <T> void apply(T value, Consumer<T> option) {
    if (value != null) {
      option.accept(value);
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isCacheUnannotated() {
    return cacheUnannotated;
  }

  public void setCacheUnannotated(boolean cacheUnannotated) {
    this.cacheUnannotated = cacheUnannotated;
  }

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public Set<String> getFiltersSkippedOnHits() {
    return filtersSkippedOnHits;
  }

  public void setFiltersSkippedOnHits(Set<String> filtersSkippedOnHits) {
    this.filtersSkippedOnHits = filtersSkippedOnHits;
  }

  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  public void setDefaultTtl(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  public Duration getMaximumTtl() {
    return maximumTtl;
  }

  public void setMaximumTtl(Duration maximumTtl) {
    this.maximumTtl = maximumTtl;
  }

  public DataSize getMaximumBytes() {
    return maximumBytes;
  }

  public void setMaximumBytes(DataSize maximumBytes) {
    this.maximumBytes = maximumBytes;
  }

  public DataSize getMaximumEntryBytes() {
    return maximumEntryBytes;
  }

  public void setMaximumEntryBytes(DataSize maximumEntryBytes) {
    this.maximumEntryBytes = maximumEntryBytes;
  }

  public Long getMaximumEntries() {
    return maximumEntries;
  }

  public void setMaximumEntries(Long maximumEntries) {
    this.maximumEntries = maximumEntries;
  }

  public Long getRecycleAfterRequests() {
    return recycleAfterRequests;
  }

  public void setRecycleAfterRequests(Long recycleAfterRequests) {
    this.recycleAfterRequests = recycleAfterRequests;
  }

  public Duration getRecycleAfter() {
    return recycleAfter;
  }

  public void setRecycleAfter(Duration recycleAfter) {
    this.recycleAfter = recycleAfter;
  }

  public Duration getCoalescingTimeout() {
    return coalescingTimeout;
  }

  public void setCoalescingTimeout(Duration coalescingTimeout) {
    this.coalescingTimeout = coalescingTimeout;
  }

  public Duration getStaleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
    this.staleWhileRevalidate = staleWhileRevalidate;
  }

  public Duration getStaleIfError() {
    return staleIfError;
  }

  public void setStaleIfError(Duration staleIfError) {
    this.staleIfError = staleIfError;
  }

  public Duration getRevalidationWindow() {
    return revalidationWindow;
  }

  public void setRevalidationWindow(Duration revalidationWindow) {
    this.revalidationWindow = revalidationWindow;
  }

  public Integer getMinimumUses() {
    return minimumUses;
  }

  public void setMinimumUses(Integer minimumUses) {
    this.minimumUses = minimumUses;
  }

  public Set<Integer> getCacheableStatuses() {
    return cacheableStatuses;
  }

  public void setCacheableStatuses(Set<Integer> cacheableStatuses) {
    this.cacheableStatuses = cacheableStatuses;
  }

  public Set<String> getAllowedHosts() {
    return allowedHosts;
  }

  public void setAllowedHosts(Set<String> allowedHosts) {
    this.allowedHosts = allowedHosts;
  }

  public Set<String> getTrustedForwardingHeaders() {
    return trustedForwardingHeaders;
  }

  public void setTrustedForwardingHeaders(Set<String> trustedForwardingHeaders) {
    this.trustedForwardingHeaders = trustedForwardingHeaders;
  }

  public Set<String> getIgnoredRequestHeaders() {
    return ignoredRequestHeaders;
  }

  public void setIgnoredRequestHeaders(Set<String> ignoredRequestHeaders) {
    this.ignoredRequestHeaders = ignoredRequestHeaders;
  }

  public Boolean getSortQueryParameters() {
    return sortQueryParameters;
  }

  public void setSortQueryParameters(Boolean sortQueryParameters) {
    this.sortQueryParameters = sortQueryParameters;
  }

  public Set<String> getIgnoredQueryParameters() {
    return ignoredQueryParameters;
  }

  public void setIgnoredQueryParameters(Set<String> ignoredQueryParameters) {
    this.ignoredQueryParameters = ignoredQueryParameters;
  }

  public Set<String> getPrivateCookies() {
    return privateCookies;
  }

  public void setPrivateCookies(Set<String> privateCookies) {
    this.privateCookies = privateCookies;
  }

  public Integer getMaximumKeyLength() {
    return maximumKeyLength;
  }

  public void setMaximumKeyLength(Integer maximumKeyLength) {
    this.maximumKeyLength = maximumKeyLength;
  }

  public Boolean getGenerateEtags() {
    return generateEtags;
  }

  public void setGenerateEtags(Boolean generateEtags) {
    this.generateEtags = generateEtags;
  }

  public String getTagHeader() {
    return tagHeader;
  }

  public void setTagHeader(String tagHeader) {
    this.tagHeader = tagHeader;
  }

  public Boolean getCacheStatusHeader() {
    return cacheStatusHeader;
  }

  public void setCacheStatusHeader(Boolean cacheStatusHeader) {
    this.cacheStatusHeader = cacheStatusHeader;
  }

  public Boolean getLeakGuard() {
    return leakGuard;
  }

  public void setLeakGuard(Boolean leakGuard) {
    this.leakGuard = leakGuard;
  }
}
