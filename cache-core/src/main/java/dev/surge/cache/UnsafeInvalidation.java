package dev.surge.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which stored resources a finished unsafe request invalidates (RFC 9111 §4.4): its target and the same-origin
 * URIs its response names in {@code Location} and {@code Content-Location}, and only after a non-error
 * answer, so that no client purges a page with a request the application refused. Pure and thread-safe.
 */
final class UnsafeInvalidation {

  private final ResourceKeys resourceKeys;

  UnsafeInvalidation(ResourceKeys resourceKeys) {
    this.resourceKeys = resourceKeys;
  }

  /** See {@link CachePolicy#invalidatedResources(CacheRequest, CapturedResponse)}. */
  List<CacheKey> invalidatedResources(CacheRequest request, CapturedResponse response) {
    int status = response.status();
    if (!isUnsafe(request) || status < 200 || status >= 400) {
      return List.of();
    }
    Optional<CacheKey> target = resourceKeys.resourceKey(request);
    if (target.isEmpty()) {
      return List.of();
    }
    List<CacheKey> invalidated = new ArrayList<>(List.of(target.get()));
    for (String field : List.of("Location", "Content-Location")) {
      for (String reference : response.headers(field)) {
        sameOriginResource(target.get(), reference)
            .filter(resource -> !invalidated.contains(resource))
            .ifPresent(invalidated::add);
      }
    }
    return List.copyOf(invalidated);
  }

  /** Whether the request's method is unsafe: anything but GET, HEAD, OPTIONS and TRACE. */
  static boolean isUnsafe(CacheRequest request) {
    String method = request.method();
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method));
  }

  /** The resource {@code reference} names, resolved against {@code target}, when it is on the same origin. */
  private Optional<CacheKey> sameOriginResource(CacheKey target, String reference) {
    URI resolved;
    try {
      resolved = new URI(target.scheme() + "://" + target.host() + target.path()).resolve(new URI(reference.trim()));
    } catch (URISyntaxException unparseable) {
      return Optional.empty();
    }
    return resourceKeys.resourceKey(resolved)
        .filter(resource -> resource.scheme().equals(target.scheme()) && resource.host().equals(target.host()));
  }
}
