package dev.surge.cache;

import static dev.surge.cache.TestRequests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link StoreRules} chosen per response, as the policy applies them on top of its own rules. */
class StoreRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final CachePolicy policy =
      HttpCache.builder().defaultTtl(Duration.ofSeconds(60)).maximumTtl(Duration.ofMinutes(10)).build().policy();

  @Test
  void defaultsChangeNothing() {
    StoreDecision plain = policy.onResponse(NOW, get("/a").build(), ok().build());

    assertThat(policy.onResponse(NOW, get("/a").build(), ok().build(), StoreRules.defaults())).isEqualTo(plain);
  }

  @Test
  void neverDeclinesEvenACacheableResponse() {
    assertThat(onResponse(ok(), StoreRules.never())).isEqualTo(new Reject(RejectReason.DECLINED));
  }

  @Test
  void ttlReplacesTheLifetimeTheResponseGives() {
    CapturedResponse.Builder response = ok().header("Cache-Control", "max-age=5");

    assertThat(entry(response, StoreRules.defaults().withTtl(Duration.ofSeconds(90))).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void ttlIsStillCappedByTheMaximumTtl() {
    assertThat(entry(ok(), StoreRules.defaults().withTtl(Duration.ofHours(5))).freshnessLifetime())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void withoutTtlTheResponseHeadersDecideAsUsual() {
    assertThat(entry(ok().header("Cache-Control", "max-age=7"), StoreRules.defaults()).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-store", "private", "no-cache"})
  void rulesNeverOverrideTheResponsesRefusal(String cacheControl) {
    StoreRules eager = StoreRules.defaults().withTtl(Duration.ofMinutes(5)).withCacheableStatuses(Set.of(200));

    assertThat(onResponse(ok().header("Cache-Control", cacheControl), eager)).isInstanceOf(Reject.class);
  }

  @Test
  void rulesNeverStoreACookieOrAnAnswerToCredentials() {
    StoreRules eager = StoreRules.defaults().withTtl(Duration.ofMinutes(5));

    assertThat(onResponse(ok().header("Set-Cookie", "a=b"), eager)).isEqualTo(new Reject(RejectReason.SET_COOKIE));
    CacheRequest withCredentials = get("/a").header("Authorization", "Bearer abcdefgh").build();
    assertThat(policy.onResponse(NOW, withCredentials, ok().build(), eager))
        .isEqualTo(new Reject(RejectReason.AUTHORIZATION));
  }

  @Test
  void cacheableStatusesReplaceTheCachesOwn() {
    StoreRules onlyOk = StoreRules.defaults().withCacheableStatuses(Set.of(200));
    StoreRules alsoConflict = StoreRules.defaults().withCacheableStatuses(Set.of(200, 409));

    assertThat(onResponse(status(404), onlyOk)).isEqualTo(new Reject(RejectReason.STATUS));
    assertThat(onResponse(status(404), StoreRules.defaults())).isInstanceOf(Store.class);
    assertThat(onResponse(status(409), alsoConflict)).isInstanceOf(Store.class);
    assertThat(onResponse(status(409), StoreRules.defaults())).isEqualTo(new Reject(RejectReason.STATUS));
  }

  @Test
  void tagsAreAddedToThoseOfTheTagHeader() {
    StoreRules tagged = StoreRules.defaults().withTags(Set.of("article:7", "news"));

    assertThat(entry(ok().header("Surrogate-Key", "front"), tagged).tags())
        .containsExactlyInAnyOrder("article:7", "news", "front");
  }

  @Test
  void badValuesAreRejectedAtOnceNamingTheOption() {
    assertThatThrownBy(() -> StoreRules.defaults().withTtl(Duration.ZERO)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> StoreRules.defaults().withTtl(Duration.ofSeconds(-1))).hasMessageContaining("ttl");
    assertThatThrownBy(() -> StoreRules.defaults().withCacheableStatuses(Set.of(304)))
        .hasMessageContaining("cacheableStatuses");
    assertThatThrownBy(() -> StoreRules.defaults().withCacheableStatuses(Set.of(100)))
        .hasMessageContaining("cacheableStatuses");
    for (String tag : new String[] {"", "a b", "a,b", "tab\t", "é"}) {
      assertThatThrownBy(() -> StoreRules.defaults().withTags(Set.of(tag))).hasMessageContaining("tags");
    }
  }

  @Test
  void rulesAreValuesAndWithersLeaveTheOriginalAlone() {
    StoreRules defaults = StoreRules.defaults();
    StoreRules tuned = defaults.withTtl(Duration.ofSeconds(30));

    assertThat(defaults.ttl()).isEmpty();
    assertThat(tuned.ttl()).contains(Duration.ofSeconds(30));
    assertThat(tuned).isEqualTo(StoreRules.defaults().withTtl(Duration.ofSeconds(30))).isNotEqualTo(defaults);
    assertThat(StoreRules.never().storable()).isFalse();
    assertThat(defaults.storable()).isTrue();
  }

  private StoreDecision onResponse(CapturedResponse.Builder response, StoreRules rules) {
    return policy.onResponse(NOW, get("/a").build(), response.build(), rules);
  }

  private CachedResponse entry(CapturedResponse.Builder response, StoreRules rules) {
    StoreDecision decision = onResponse(response, rules);
    assertThat(decision).isInstanceOf(Store.class);
    return ((Store) decision).entry();
  }

  private static CapturedResponse.Builder ok() {
    return status(200);
  }

  private static CapturedResponse.Builder status(int status) {
    return CapturedResponse.builder().status(status).body("hello".getBytes(StandardCharsets.UTF_8));
  }
}
