package dev.surge.bench.jmh;

import dev.surge.cache.CacheRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A typical browser GET as the benchmarks' request view: a path, a query, a handful of headers. */
record BenchRequest(String method, String path, Optional<String> query, Map<String, List<String>> fields)
    implements CacheRequest {

  static final Map<String, List<String>> BROWSER_HEADERS = Map.of(
      "host", List.of("wiki.example.com"),
      "user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/130.0"),
      "accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
      "accept-language", List.of("en-US,en;q=0.5"),
      "accept-encoding", List.of("gzip, deflate"));

  static BenchRequest get(String path) {
    return new BenchRequest("GET", path, Optional.of("lang=en"), BROWSER_HEADERS);
  }

  BenchRequest with(String name, String value) {
    Map<String, List<String>> more = new java.util.HashMap<>(fields);
    more.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value));
    return new BenchRequest(method, path, query, Map.copyOf(more));
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public String authority() {
    return "wiki.example.com";
  }

  @Override
  public List<String> headers(String name) {
    List<String> values = fields.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null ? List.of() : values;
  }

  @Override
  public Iterable<String> headerNames() {
    return fields.keySet();
  }
}
