package dev.surge.cache;

import com.google.common.base.Ascii;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Test-only {@link CacheRequest}s, built fluently: {@code TestRequests.get("/path?q=1").header("A", "b").build()}.
 *
 * <p>A request built here is immutable and holds its parts exactly as given, the way an adapter hands them
 * over: nothing is decoded, validated or normalized, so tests can build invalid requests as easily as valid
 * ones. Defaults: scheme {@code http}, authority {@code example.com}, no query, no headers. Header names
 * compare case-insensitively, a name may be given several times (each call to {@link Builder#header} adds a
 * value), and {@link CacheRequest#headerNames()} lists each name once, in the case it was first given. The
 * authority is independent of the headers: a {@code Host} header is present only when a test adds one.
 */
public final class TestRequests {

  private TestRequests() {}

  /** A GET for {@code target}, a path optionally followed by {@code ?} and a query. */
  public static Builder get(String target) {
    return request("GET", target);
  }

  /** A HEAD for {@code target}, a path optionally followed by {@code ?} and a query. */
  public static Builder head(String target) {
    return request("HEAD", target);
  }

  /** A POST for {@code target}, a path optionally followed by {@code ?} and a query. */
  public static Builder post(String target) {
    return request("POST", target);
  }

  /**
   * A request with any method for {@code target}. The target is split at its first {@code ?} into path and
   * query; a target without {@code ?} has no query. Use {@link Builder#path} and {@link Builder#query} to set
   * either part verbatim (for example a path that itself holds a {@code ?}).
   */
  public static Builder request(String method, String target) {
    int question = target.indexOf('?');
    Builder builder = new Builder().method(method);
    return question < 0
        ? builder.path(target)
        : builder.path(target.substring(0, question)).query(target.substring(question + 1));
  }

  /** Collects the parts of a test request. Not thread-safe; the request it builds is. */
  public static final class Builder {
    private String method = "GET";
    private String scheme = "http";
    private String authority = "example.com";
    private String path = "/";
    private Optional<String> query = Optional.empty();
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();

    private Builder() {}

    /** The method, as received (not upper-cased). */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The scheme, as received; default {@code http}. */
    public Builder scheme(String scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    /** The authority ({@code Host} or {@code :authority}), as received; default {@code example.com}. */
    public Builder authority(String authority) {
      this.authority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    /** The path, verbatim. */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** The query without its {@code ?}, verbatim; an empty string is a present but empty query. */
    public Builder query(String query) {
      this.query = Optional.of(query);
      return this;
    }

    /** No query at all. */
    public Builder noQuery() {
      this.query = Optional.empty();
      return this;
    }

    /** Adds one value of the named header after those already added; values are kept verbatim. */
    public Builder header(String name, String value) {
      headers.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
      return this;
    }

    /** The immutable request. */
    public CacheRequest build() {
      Map<String, String> names = new LinkedHashMap<>();
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (Map.Entry<String, String> header : headers) {
        String lower = Ascii.toLowerCase(header.getKey());
        names.putIfAbsent(lower, header.getKey());
        values.computeIfAbsent(lower, n -> new ArrayList<>()).add(header.getValue());
      }
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      values.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
      return new Request(
          method, scheme, authority, path, query, Map.copyOf(frozen), List.copyOf(names.values()));
    }
  }

  private record Request(
      String method,
      String scheme,
      String authority,
      String path,
      Optional<String> query,
      Map<String, List<String>> values,
      List<String> names)
      implements CacheRequest {

    @Override
    public List<String> headers(String name) {
      return values.getOrDefault(Ascii.toLowerCase(name), List.of());
    }

    @Override
    public Iterable<String> headerNames() {
      return names;
    }

    @Override
    public String toString() {
      return method + " " + scheme + "://" + authority + path + query.map(q -> "?" + q).orElse("") + " " + values;
    }
  }
}
