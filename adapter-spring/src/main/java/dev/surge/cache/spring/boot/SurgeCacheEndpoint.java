package dev.surge.cache.spring.boot;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The Actuator endpoint {@code surgecache}: a read gives the cache's counters and size; a delete purges by
 * exactly one of {@code uri} (an absolute URL, that resource on its host; or a path with an optional query, such
 * as {@code /articles/7}, that path and query on every host), {@code prefix} (a path prefix), {@code tag}, or
 * {@code all=true}, and says what it purged and how many entries went; input it cannot use gets 400 with a
 * JSON {@code message} naming the parameter and what it accepts. Reachable only where Actuator's exposure and
 * access settings allow it ({@code management.endpoints.web.exposure.include=surgecache} over HTTP).
 */
@Endpoint(id = "surgecache")
public class SurgeCacheEndpoint {

  private final HttpCache cache;

  /** The endpoint over {@code cache}. */
  public SurgeCacheEndpoint(HttpCache cache) {
    this.cache = cache;
  }

  /** The counters and size of the cache now. */
  @ReadOperation
  public Map<String, Object> stats() {
    CacheStats stats = cache.stats();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hits", stats.hits());
    body.put("notModified", stats.notModified());
    body.put("misses", stats.misses());
    body.put("revalidated", stats.revalidated());
    body.put("revalidationFailed", stats.revalidationFailed());
    body.put("hitRatio", stats.hitRatio());
    body.put("staleWhileRevalidating", stats.staleWhileRevalidating());
    body.put("staleIfError", stats.staleIfError());
    body.put("stores", stats.stores());
    body.put("bypasses", labelled(stats.bypasses()));
    body.put("rejections", labelled(stats.rejections()));
    body.put("coalescedWaits", stats.coalescedWaits());
    body.put("coalescingTimeouts", stats.coalescingTimeouts());
    body.put("invalidations", stats.invalidations());
    body.put("evictions", stats.evictions());
    body.put("expirations", stats.expirations());
    body.put("recycles", stats.recycles());
    body.put("entries", stats.entries());
    body.put("bytes", stats.bytes().bytes());
    return body;
  }

  /**
   * Purges by exactly one of the parameters; answers with what was purged and how many entries went, or, for
   * input it cannot use, with 400 and a body whose {@code message} names the parameter and what it accepts.
   */
  @DeleteOperation
  public WebEndpointResponse<Map<String, Object>> purge(
      @Nullable String uri, @Nullable String prefix, @Nullable String tag, @Nullable Boolean all) {
    long given = Stream.of(uri, prefix, tag, all).filter(parameter -> parameter != null).count();
    if (given != 1) {
      return refused("give exactly one of uri, prefix, tag or all=true (given: " + given + ")");
    }
    if (uri != null) {
      return purgedByUri(uri);
    }
    if (prefix != null) {
      return purgedOr("prefix", prefix, () -> cache.invalidatePathPrefix(prefix),
          "prefix must be a path starting with /, such as /articles/");
    }
    if (tag != null) {
      return purgedOr("tag", tag, () -> cache.invalidateTag(tag), "tag must be a tag the responses name, not empty");
    }
    if (!all) {
      return refused("all must be true to purge everything");
    }
    long entries = cache.stats().entries();
    cache.invalidateAll();
    return new WebEndpointResponse<>(purged("all", "true", entries));
  }

  /**
   * A purge by {@code uri}: an origin-form target ({@code /path} or {@code /path?query}) purges that path and
   * query on every host, an absolute URL that resource on its host only.
   */
  private WebEndpointResponse<Map<String, Object>> purgedByUri(String uri) {
    String accepted = "uri must be an absolute http or https URL with a host, such as"
        + " https://www.example.com/articles/7 (that URL only), or a path starting with / and optionally ?query,"
        + " such as /articles/7 (that path and query on every host)";
    try {
      boolean everyHost = uri.startsWith("/");
      int purged = everyHost ? cache.invalidatePath(uri) : cache.invalidate(URI.create(uri));
      Map<String, Object> body = purged("uri", uri, purged);
      body.put("scope", everyHost ? "this path and query on every host" : "this URL");
      return new WebEndpointResponse<>(body);
    } catch (IllegalArgumentException unusable) {
      return refused(accepted + "; got '" + uri + "'");
    }
  }

  /** The answer to a purge by {@code parameter}, or a refusal saying {@code accepted} when its value is unusable. */
  private static WebEndpointResponse<Map<String, Object>> purgedOr(
      String parameter, String value, IntSupplier purge, String accepted) {
    try {
      return new WebEndpointResponse<>(purged(parameter, value, purge.getAsInt()));
    } catch (IllegalArgumentException unusable) {
      return refused(accepted + "; got '" + value + "'");
    }
  }

  private static WebEndpointResponse<Map<String, Object>> refused(String message) {
    return new WebEndpointResponse<>(Map.of("message", message), WebEndpointResponse.STATUS_BAD_REQUEST);
  }

  private static Map<String, Object> purged(String by, String value, long entries) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(by, value);
    body.put("purged", entries);
    return body;
  }

  private static Map<String, Long> labelled(Map<? extends Enum<?>, Long> counts) {
    Map<String, Long> byLabel = new TreeMap<>();
    counts.forEach((reason, count) -> byLabel.put(reason.toString().toLowerCase(java.util.Locale.ROOT), count));
    return byLabel;
  }
}
