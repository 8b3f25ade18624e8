package dev.surge.cache;

import static dev.surge.cache.TestRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link CachePolicy#onResponse}'s leak guard: a body holding a credential of its own request is not stored. */
class CachePolicyLeakGuardTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final String TOKEN = "r3m3mb3r-m3-t0k3n";

  private final CachePolicy policy = HttpCache.builder().build().policy();

  private static CapturedResponse page(String body, String... headers) {
    CapturedResponse.Builder response = CapturedResponse.builder().status(200);
    for (int i = 0; i < headers.length; i += 2) {
      response.header(headers[i], headers[i + 1]);
    }
    return response.body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void pageEchoingANonPrivateCookieIsRejected() {
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + TOKEN).build();

    assertThat(policy.onResponse(NOW, request, page("<p>token " + TOKEN + "</p>")))
        .isEqualTo(new Reject(RejectReason.CREDENTIAL_IN_BODY));
  }

  @Test
  void pageNotEchoingTheCookieIsStored() {
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + TOKEN).build();

    assertThat(policy.onResponse(NOW, request, page("<p>hello</p>"))).isInstanceOf(Store.class);
  }

  @Test
  void publicResponseEchoingTheBearerTokenIsRejected() {
    CacheRequest request = get("/api/me").header("Authorization", "Bearer " + TOKEN).build();

    assertThat(policy.onResponse(NOW, request, page("{\"token\":\"" + TOKEN + "\"}", "Cache-Control", "public, max-age=60")))
        .isEqualTo(new Reject(RejectReason.CREDENTIAL_IN_BODY));
    assertThat(policy.onResponse(NOW, request, page("{}", "Cache-Control", "public, max-age=60")))
        .isInstanceOf(Store.class);
  }

  @Test
  void rulesChosenForTheResponseCannotOverrideTheGuard() {
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + TOKEN).build();
    StoreRules rules = StoreRules.defaults().withTtl(Duration.ofMinutes(5)).withCacheableStatuses(Set.of(200));

    assertThat(policy.onResponse(NOW, request, page(TOKEN), rules)).isEqualTo(new Reject(RejectReason.CREDENTIAL_IN_BODY));
  }

  @Test
  void otherRefusalsComeFirstSoTheBodyIsSearchedOnlyWhenItWouldBeStored() {
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + TOKEN).build();

    assertThat(policy.onResponse(NOW, request, page(TOKEN, "Cache-Control", "no-store")))
        .isEqualTo(new Reject(RejectReason.NO_STORE));
  }

  @Test
  void withTheGuardOffTheEchoingPageIsStored() {
    CachePolicy unguarded = HttpCache.builder().leakGuard(false).build().policy();
    CacheRequest request = get("/account").header("Cookie", "remember_me=" + TOKEN).build();

    assertThat(unguarded.onResponse(NOW, request, page(TOKEN))).isInstanceOf(Store.class);
  }
}
