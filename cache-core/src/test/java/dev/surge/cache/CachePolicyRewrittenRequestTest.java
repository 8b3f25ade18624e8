package dev.surge.cache;

import static dev.surge.cache.TestRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Miss;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A request that a layer in front of the application rewrote (an adapter reports it with {@link
 * CacheRequest#rewrittenInFront()}) uses the cache only when trusted forwarding headers, part of its key,
 * account for the rewrite.
 */
class CachePolicyRewrittenRequestTest {

  private final CachePolicy policy = HttpCache.builder()
      .trustedForwardingHeaders(Set.of("X-Forwarded-Host"))
      .ignoredRequestHeaders(Set.of("X-Forwarded-For", "X-Forwarded-Port"))
      .build()
      .policy();

  @Test
  void rewrittenRequestWithoutForwardingHeadersBypassesTheCache() {
    assertThat(policy.admit(rewritten(get("/a").build())))
        .isEqualTo(new Bypass(BypassReason.UNTRUSTED_FORWARDING));
  }

  @Test
  void rewrittenRequestWhoseForwardingHeadersAreTrustedIsKeyedOnThem() {
    RequestDecision decision = policy.admit(rewritten(get("/a").header("X-Forwarded-Host", "a.example").build()));

    assertThat(decision).isInstanceOf(Miss.class);
    assertThat(((Miss) decision).key().headers()).containsExactly(Map.entry("x-forwarded-host", "a.example"));
  }

  @Test
  void rewrittenRequestCarryingAnIgnoredForwardingHeaderBypassesTheCacheEvenWithATrustedOne() {
    CacheRequest request = get("/a").header("X-Forwarded-Host", "a.example").header("X-Forwarded-Port", "8443")
        .build();

    assertThat(policy.admit(request)).isInstanceOf(Miss.class);
    assertThat(policy.admit(rewritten(request))).isEqualTo(new Bypass(BypassReason.UNTRUSTED_FORWARDING));
  }

  @Test
  void rewrittenRequestWithAnIgnoredClientAddressHeaderIsKeyedOnItsTrustedOnes() {
    CacheRequest request = get("/a").header("X-Forwarded-Host", "a.example").header("X-Forwarded-For", "10.0.0.1")
        .build();

    assertThat(policy.admit(rewritten(request))).isInstanceOf(Miss.class);
  }

  private static CacheRequest rewritten(CacheRequest request) {
    return new Rewritten(request);
  }

  /** {@code request} as an adapter reports it after detecting a rewrite in front of the application. */
  private record Rewritten(CacheRequest request) implements CacheRequest {
    @Override
    public String method() {
      return request.method();
    }

    @Override
    public String scheme() {
      return request.scheme();
    }

    @Override
    public String authority() {
      return request.authority();
    }

    @Override
    public String path() {
      return request.path();
    }

    @Override
    public Optional<String> query() {
      return request.query();
    }

    @Override
    public List<String> headers(String name) {
      return request.headers(name);
    }

    @Override
    public Iterable<String> headerNames() {
      return request.headerNames();
    }

    @Override
    public boolean rewrittenInFront() {
      return true;
    }
  }
}
