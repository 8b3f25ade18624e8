package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.SurgeRedis;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Fails start-up when {@code surge.cache.redis.uri} is set but an {@link HttpCache} bean was not built with a
 * {@link SurgeRedis} bean (it does not depend on one): its purges would stay on one instance while Redis
 * reports itself healthy. The auto-configured cache, and one an application builds with {@link
 * SurgeRedis#newCache} from the injected bean, pass.
 */
final class RedisWiringCheck implements SmartInitializingSingleton {

  private final ConfigurableListableBeanFactory beans;

  RedisWiringCheck(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> redis = List.of(beans.getBeanNamesForType(SurgeRedis.class, false, false));
    for (String cache : beans.getBeanNamesForType(HttpCache.class, false, false)) {
      if (List.of(beans.getDependenciesForBean(cache)).stream().noneMatch(redis::contains)) {
        throw new IllegalStateException("surge.cache.redis.uri is set, but the HttpCache bean '" + cache
            + "' is not built through Redis, so its purges would not reach the other instances. Configure the"
            + " cache with a SurgeCacheBuilderCustomizer bean instead (the auto-configured cache applies it and"
            + " keeps the Redis wiring), or build it with SurgeRedis#newCache from the SurgeRedis bean.");
      }
    }
  }
}
