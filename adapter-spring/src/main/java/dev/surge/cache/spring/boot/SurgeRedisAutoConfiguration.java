package dev.surge.cache.spring.boot;

import dev.surge.cache.ByteSize;
import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.SurgeRedis;
import dev.surge.cache.spring.HttpCacheMvcConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Surge over Redis when {@code surge-cache-redis} is on the classpath and {@code surge.cache.redis.uri} is
 * set: a {@link SurgeRedis} from the {@code surge.cache.redis.*} properties (closed with the context) and
 * the application's {@link HttpCache} built through it (with the {@link SurgeCacheBuilderCustomizer}s applied),
 * so that purges fan out to the other instances and, with {@code surge.cache.redis.shared-tier=true}, pages are
 * shared. Runs before {@link SurgeCacheAutoConfiguration}, which then uses this cache. Start-up does not wait
 * for Redis (the {@code SurgeRedis} connects in the background); it fails when the application defines an
 * {@code HttpCache} bean of its own that it did not build with the {@code SurgeRedis} bean
 * ({@link SurgeRedis#newCache}).
 */
@AutoConfiguration(before = SurgeCacheAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SurgeRedis.class)
@ConditionalOnBooleanProperty(name = "surge.cache.enabled", matchIfMissing = true)
@ConditionalOnProperty("surge.cache.redis.uri")
@ConditionalOnMissingBean(HttpCacheMvcConfiguration.class)
@EnableConfigurationProperties(SurgeCacheProperties.class)
public class SurgeRedisAutoConfiguration {

  /** The connection to Redis, configured from {@code surge.cache.redis.*}. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SurgeRedis surgeRedis(SurgeCacheProperties properties) {
    SurgeCacheProperties.Redis redis = properties.getRedis();
    SurgeRedis.Builder builder = SurgeRedis.builder(redis.getUri());
    SurgeCacheProperties.apply(redis.getNamespace(), builder::namespace);
    SurgeCacheProperties.apply(redis.getPurgeFanOut(), builder::purgeFanOut);
    SurgeCacheProperties.apply(redis.getSharedTier(), builder::sharedTier);
    SurgeCacheProperties.apply(redis.getFleetCollapsing(), builder::fleetCollapsing);
    SurgeCacheProperties.apply(redis.getSharedTierTimeout(), builder::sharedTierTimeout);
    SurgeCacheProperties.apply(redis.getSharedTierMaximumEntryBytes(),
        size -> builder.sharedTierMaximumEntryBytes(ByteSize.ofBytes(size.toBytes())));
    SurgeCacheProperties.apply(redis.getCommandTimeout(), builder::commandTimeout);
    return builder.build();
  }

  /** The cache, built from {@code surge.cache.*} and the {@link SurgeCacheBuilderCustomizer}s through Redis. */
  @Bean
  @ConditionalOnMissingBean
  public HttpCache surgeHttpCache(
      SurgeRedis redis, SurgeCacheProperties properties, ObjectProvider<SurgeCacheBuilderCustomizer> customizers,
      Environment environment) {
    return SurgeCacheAutoConfiguration.built(
        () -> redis.newCache(SurgeCacheAutoConfiguration.customized(properties, customizers)), environment);
  }

  /** Fails start-up when the application's own cache bean is not built through Redis. */
  @Bean
  RedisWiringCheck surgeRedisWiringCheck(ConfigurableListableBeanFactory beans) {
    return new RedisWiringCheck(beans);
  }
}
