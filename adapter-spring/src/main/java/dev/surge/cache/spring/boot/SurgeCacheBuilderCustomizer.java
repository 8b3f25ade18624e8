package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;

/**
 * Configures in code the {@link HttpCache} that Surge's auto-configuration builds: each customizer bean, in
 * {@code @Order}, is handed the builder after the {@code surge.cache.*} properties were applied to it, and the
 * cache is then built as the properties say (through Redis when {@code surge.cache.redis.uri} is set, so purges
 * still fan out and the shared tier still applies). Prefer it to an {@code HttpCache} bean of the
 * application's own, which replaces the auto-configured cache and everything wired to it.
 */
@FunctionalInterface
public interface SurgeCacheBuilderCustomizer {

  /** Changes {@code builder}, which already holds the options the properties set. */
  void customize(HttpCache.Builder builder);
}
