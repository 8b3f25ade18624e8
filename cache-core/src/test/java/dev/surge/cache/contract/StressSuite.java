package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many clients at once over a few keys, mixing every kind of read the cache answers with every kind of purge
 * and recycle, for a fixed number of requests (so each adapter's run is short and the mix is the same every
 * time). Every response is checked by {@link ResponseAudit} against the pages the application rendered, and
 * against the purges that had returned before it was sent; not one inconsistency is allowed, and what was
 * checked is printed.
 */
public interface StressSuite extends ContractSuite {

  /** The keys: two in each of three groups, so that purges by prefix and by tag hit some and spare others. */
  List<String> STRESS_PATHS = List.of(
      "/fault/stress/a/1", "/fault/stress/a/2", "/fault/stress/b/1",
      "/fault/stress/b/2", "/fault/stress/c/1", "/fault/stress/c/2");

  @Test
  default void mixedTrafficWithPurgesAndRecyclesGetsOnlyWholeConsistentResponses() throws Exception {
    HttpCache cache = serve(options -> options.recycleAfterRequests(400));
    ResponseAudit audit = new ResponseAudit(app().faults(), app()::renders);
    int clients = 16;
    int requestsEach = 80;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        Random choices = new Random(client);
        running.add(pool.submit(() -> {
          Map<String, String> lastEtags = new HashMap<>();
          for (int i = 0; i < requestsEach; i++) {
            act(cache, audit, choices, lastEtags);
          }
        }));
      }
      for (Future<?> client : running) {
        client.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    CacheStats stats = cache.stats();
    System.out.printf("%s stress: %d requests and actions checked %s; cache: %d hits, %d 304s, %d misses, "
            + "%d stores, %d invalidated, %d recycles; %d inconsistencies%n",
        getClass().getSimpleName(), clients * requestsEach, audit.counts(), stats.hits(), stats.notModified(),
        stats.misses(), stats.stores(), stats.invalidations(), stats.recycles(), audit.problems().size());
    assertThat(audit.problems()).isEmpty();
    assertThat(audit.counts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo((long) clients * requestsEach);
    assertThat(stats.hits()).isPositive();
    assertThat(stats.notModified()).isPositive();
  }

  /** One request or action, chosen by {@code choices}; each client remembers the last ETag it saw per key. */
  private void act(HttpCache cache, ResponseAudit audit, Random choices, Map<String, String> lastEtags) {
    String path = STRESS_PATHS.get(choices.nextInt(STRESS_PATHS.size()));
    int roll = choices.nextInt(100);
    String kind = "?";
    int purged = audit.purgedThrough(path); // before the request starts: renders it must not be answered with
    try {
      if (roll < 40) {
        kind = "GET";
        remember(lastEtags, path, audited(audit, kind, path, get(path), purged));
      } else if (roll < 55) {
        kind = "HEAD";
        HttpResponse<byte[]> response = send("HEAD", path);
        audit.head(kind, path, response, purged);
        remember(lastEtags, path, response);
      } else if (roll < 70) {
        Optional<String> known = Optional.ofNullable(lastEtags.get(path));
        if (known.isEmpty()) {
          kind = "GET";
          remember(lastEtags, path, audited(audit, kind, path, get(path), purged));
          return;
        }
        kind = "If-None-Match right";
        HttpResponse<byte[]> response = get(path, "If-None-Match", known.get());
        audit.conditional(kind, path, response, known, purged);
        remember(lastEtags, path, response);
      } else if (roll < 77) {
        kind = "If-None-Match wrong";
        remember(lastEtags, path,
            audited(audit, kind, path, get(path, "If-None-Match", "\"no-such-tag\""), purged));
      } else if (roll < 87) {
        kind = "If-Modified-Since last";
        HttpResponse<byte[]> response = get(path, "If-Modified-Since", FaultRoutes.LAST_MODIFIED);
        audit.conditional(kind, path, response, Optional.empty(), purged);
        remember(lastEtags, path, response);
      } else if (roll < 94) {
        kind = "If-Modified-Since earlier";
        remember(lastEtags, path, audited(audit, kind, path,
            get(path, "If-Modified-Since", "Wed, 01 Jan 2025 00:00:00 GMT"), purged));
      } else {
        purge(cache, audit, path, choices.nextInt(5));
      }
    } catch (Exception failure) {
      audit.failed(kind, path, failure);
    }
  }

  /**
   * One purge of {@code path}, its group or everything, or a recycle. A purge tells the audit which renders it
   * was bound to remove (those started before it began), so that no request sent after it returns gets one;
   * a recycle only drops the store's generation, and is no purge.
   */
  private void purge(HttpCache cache, ResponseAudit audit, String path, int which) {
    String group = path.split("/")[3];
    List<String> groupPaths = STRESS_PATHS.stream().filter(p -> p.startsWith("/fault/stress/" + group + "/")).toList();
    switch (which) {
      case 0 -> {
        Map<String, Integer> before = audit.beforePurge(List.of(path));
        cache.invalidate(base().resolve(path));
        audit.purged(before);
        audit.count("purge by URL");
      }
      case 1 -> {
        Map<String, Integer> before = audit.beforePurge(groupPaths);
        cache.invalidatePathPrefix("/fault/stress/" + group + "/");
        audit.purged(before);
        audit.count("purge by prefix");
      }
      case 2 -> {
        Map<String, Integer> before = audit.beforePurge(groupPaths);
        cache.invalidateTag("group-" + group);
        audit.purged(before);
        audit.count("purge by tag");
      }
      case 3 -> {
        Map<String, Integer> before = audit.beforePurge(STRESS_PATHS);
        cache.invalidateAll();
        audit.purged(before);
        audit.count("purge all");
      }
      default -> {
        cache.recycle();
        audit.count("recycle");
      }
    }
  }

  private static HttpResponse<byte[]> audited(
      ResponseAudit audit, String kind, String path, HttpResponse<byte[]> response, int purgedThrough) {
    audit.full(kind, path, response, purgedThrough);
    return response;
  }

  private static void remember(Map<String, String> lastEtags, String path, HttpResponse<byte[]> response) {
    if (response.statusCode() == 200) {
      response.headers().firstValue("ETag").ifPresent(etag -> lastEtags.put(path, etag));
    }
  }
}
