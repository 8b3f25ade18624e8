package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Miss;
import dev.surge.cache.internal.RequestTargets;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The primary key of a resource, from a request's target, an absolute URI or an origin-form purge target:
 * scheme and host validated and normalized (and among the allowed hosts, when some are configured), path and
 * query validated, the query sorted or stripped of ignored parameters as configured. Every way in normalizes
 * exactly alike, so that a purge names the keys requests produce. Pure and thread-safe.
 */
final class ResourceKeys {

  private static final String GET = "GET";

  private final Set<String> allowedHosts;
  private final boolean sortQueryParameters;
  private final Predicate<String> ignoredQueryParameter;
  private final boolean normalizesQuery;

  ResourceKeys(HttpCache.Builder settings) {
    this.allowedHosts = lowerCase(settings.allowedHosts);
    this.sortQueryParameters = settings.sortQueryParameters;
    this.ignoredQueryParameter = globs(settings.ignoredQueryParameters);
    this.normalizesQuery = sortQueryParameters || !settings.ignoredQueryParameters.isEmpty();
  }

  /**
   * The request target validated once: {@link Miss} with the primary key of the resource (no header
   * selection), or {@link Bypass} saying which part does not validate.
   */
  RequestDecision target(CacheRequest request) {
    String scheme = Ascii.toLowerCase(request.scheme());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Bypass(BypassReason.INVALID_TARGET);
    }
    List<String> hostFields = request.headers("host");
    if (hostFields.size() > 1) {
      return new Bypass(BypassReason.INVALID_HOST);
    }
    String authority = request.authority();
    Optional<String> host = RequestTargets.normalizeAuthority(scheme, authority);
    if (hostFields.size() == 1 && !hostFields.get(0).equals(authority)
        && !RequestTargets.normalizeAuthority(scheme, hostFields.get(0)).equals(host)) {
      return new Bypass(BypassReason.INVALID_HOST); // e.g. an HTTP/2 :authority with a different Host field
    }
    if (host.isEmpty()
        || (!allowedHosts.isEmpty() && !allowedHosts.contains(RequestTargets.hostName(host.get())))) {
      return new Bypass(BypassReason.INVALID_HOST);
    }
    String path = request.path();
    String query = request.query().orElse("");
    if (!RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return new Bypass(BypassReason.INVALID_TARGET);
    }
    return new Miss(new CacheKey(GET, scheme, host.get(), path, normalizedQuery(query), Map.of()));
  }

  /** See {@link CachePolicy#resourceKey(CacheRequest)}. */
  Optional<CacheKey> resourceKey(CacheRequest request) {
    return target(request) instanceof Miss resource ? Optional.of(resource.key()) : Optional.empty();
  }

  /** See {@link CachePolicy#resourceKey(URI)}. */
  Optional<CacheKey> resourceKey(URI uri) {
    String scheme = uri.getScheme() == null ? "" : Ascii.toLowerCase(uri.getScheme());
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    if (!RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return Optional.empty();
    }
    return RequestTargets.normalizeAuthority(scheme, uri.getRawAuthority())
        .map(host -> new CacheKey(GET, scheme, host, path,
            normalizedQuery(query), Map.of()));
  }

  /** See {@link CachePolicy#pathPurge(String)}. */
  Optional<Purge.Path> pathPurge(String target) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    if (path.startsWith("//") || !RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return Optional.empty();
    }
    return Optional.of(new Purge.Path(path, normalizedQuery(query)));
  }

  /** The query as keys hold it: as received unless parameters are sorted or ignored. */
  private String normalizedQuery(String query) {
    return normalizesQuery
        ? RequestTargets.normalizeQuery(query, sortQueryParameters, ignoredQueryParameter)
        : query;
  }

  /** {@code names} in lower case, as configured names of hosts and fields are compared. */
  static Set<String> lowerCase(Set<String> names) {
    Set<String> lower = new HashSet<>();
    names.forEach(name -> lower.add(Ascii.toLowerCase(name)));
    return Set.copyOf(lower);
  }

  private static Predicate<String> globs(Set<String> patterns) {
    if (patterns.isEmpty()) {
      return name -> false;
    }
    StringBuilder regex = new StringBuilder();
    for (String pattern : patterns) {
      regex.append(regex.length() == 0 ? "" : "|");
      for (String literal : Splitter.on('*').split(pattern)) {
        regex.append(Pattern.quote(literal)).append(".*");
      }
      regex.setLength(regex.length() - 2);
    }
    return Pattern.compile(regex.toString()).asMatchPredicate();
  }
}
