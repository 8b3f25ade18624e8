package dev.surge.bench;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import dev.surge.cache.redis.RedisStats;
import dev.surge.cache.redis.SurgeRedis;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The wiki of one fleet instance plus its admin path, {@value #PATH}, which answers the instance's {@link
 * FleetCounts} with {@code Cache-Control: no-store}, so that Surge never stores it; every other path is the
 * wiki's.
 */
final class FleetAdminSource implements PageSource {

  /** The admin path. */
  static final String PATH = "/admin/renders";

  private final WikiSite site;
  private final SurgeRedis redis;
  private final HttpCache cache;

  FleetAdminSource(WikiSite site, SurgeRedis redis, HttpCache cache) {
    this.site = site;
    this.redis = redis;
    this.cache = cache;
  }

  @Override
  public Optional<byte[]> render(String path) {
    return site.render(path);
  }

  @Override
  public PageAnswer answer(String path, Optional<String> ifNoneMatch) {
    if (!path.equals(PATH)) {
      return site.answer(path, ifNoneMatch);
    }
    RedisStats stats = redis.stats();
    CacheStats local = cache.stats();
    FleetCounts counts = new FleetCounts(site.rendersPerPage(), stats.fleetRendersClaimed(), stats.fleetWaits(),
        stats.fleetWaitsServed(), stats.tierHits(), stats.tierTimeouts(), stats.tierErrors(), local.coalescedWaits(),
        local.coalescingTimeouts());
    return new PageAnswer.Page(counts.text().getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-store"));
  }

  @Override
  public Map<String, String> headers() {
    return site.headers();
  }
}
