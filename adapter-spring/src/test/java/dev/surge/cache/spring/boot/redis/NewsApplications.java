package dev.surge.cache.spring.boot.redis;

import dev.surge.cache.spring.boot.BootAppWithoutSecurity;
import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.SurgeRedis;
import dev.surge.cache.spring.CacheResponse;
import dev.surge.cache.spring.boot.SurgeCacheBuilderCustomizer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot applications with a cached, tagged news page that configure the cache in code while {@code
 * surge.cache.redis.uri} is set, each the way the README or a user would.
 */
final class NewsApplications {

  private NewsApplications() {}

  /** The cached news page, tagged {@code news}. */
  @RestController
  static class News {
    private final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/news")
    @CacheResponse(ttl = "5m", tags = "news")
    String news() {
      return "news, render " + renders.incrementAndGet();
    }
  }

  /** Configures the cache with a customizer: the auto-configuration still builds it through Redis. */
  @BootAppWithoutSecurity
  @Import(News.class)
  static class Customized {
    @Bean
    SurgeCacheBuilderCustomizer cacheStatus() {
      return builder -> builder.cacheStatusHeader(true).defaultTtl(Duration.ofMinutes(5));
    }
  }

  /** Defines its own cache bean, not built through Redis. */
  @BootAppWithoutSecurity
  @Import(News.class)
  static class OwnCache {
    @Bean
    HttpCache newsCache() {
      return HttpCache.builder().cacheStatusHeader(true).build();
    }
  }

  /** Defines its own cache bean, built through the auto-configured Redis connection. */
  @BootAppWithoutSecurity
  @Import(News.class)
  static class OwnCacheThroughRedis {
    @Bean
    HttpCache newsCache(SurgeRedis redis) {
      return redis.newCache(HttpCache.builder().cacheStatusHeader(true));
    }
  }
}
