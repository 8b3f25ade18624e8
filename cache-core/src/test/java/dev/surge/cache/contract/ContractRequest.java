package dev.surge.cache.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the contract application needs of a request; each adapter's test builds one from its framework's
 * request.
 *
 * @param method the request method
 * @param path the request path
 * @param headers request headers by name, compared case-insensitively by {@link #header}
 * @param url the absolute URL of the request as the framework reports it (what an application builds links
 *     from), when the adapter's test passes it
 */
public record ContractRequest(String method, String path, Map<String, List<String>> headers, Optional<String> url) {

  /** A request whose framework URL is not passed. */
  public ContractRequest(String method, String path, Map<String, List<String>> headers) {
    this(method, path, headers, Optional.empty());
  }

  /** The first value of the named header. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
        .map(entry -> entry.getValue().get(0))
        .findFirst();
  }
}
