package dev.surge.cache;

import static dev.surge.cache.TestRequests.get;
import static dev.surge.cache.TestRequests.head;
import static dev.surge.cache.TestRequests.post;
import static dev.surge.cache.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Hit;
import dev.surge.cache.RequestDecision.Miss;
import dev.surge.cache.RequestDecision.NotModified;
import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import dev.surge.cache.internal.EntityTag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CachePolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final String HELLO = "hello";

  private final CachePolicy policy = HttpCache.builder().build().policy();

  // ---------------------------------------------------------------------------------------------------------
  // admit: which requests may use the cache, and under which key

  @Test
  void getIsAdmittedUnderItsValidatedKey() {
    RequestDecision decision = policy.admit(get("/a/b?x=1").build());

    assertThat(decision).isInstanceOf(Miss.class);
    assertThat(((Miss) decision).key())
        .isEqualTo(new CacheKey("GET", "http", "example.com", "/a/b", "x=1", Map.of()));
  }

  @Test
  void postBypassesTheCache() {
    assertThat(policy.admit(post("/a").build())).isEqualTo(new Bypass(BypassReason.METHOD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "get", "head"})
  void everyMethodButGetAndHeadBypasses(String method) {
    assertThat(policy.admit(request(method, "/a").build())).isEqualTo(new Bypass(BypassReason.METHOD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-store", "max-age=0, no-store", "NO-STORE", "no-store=\"x\""})
  void requestNoStoreBypasses(String cacheControl) {
    CacheRequest request = get("/a").header("Cache-Control", cacheControl).build();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.REQUEST_NO_STORE));
  }

  @Test
  void requestWithoutNoStoreIsAdmitted() {
    CacheRequest request = get("/a").header("Cache-Control", "max-age=0").build();

    assertThat(policy.admit(request)).isInstanceOf(Miss.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "If-Match            | \"v1\"",
        "if-match            | *",
        "If-Unmodified-Since | Wed, 25 Nov 2026 11:00:00 GMT",
        "If-Range            | \"v1\""
      })
  void ifMatchBypassesAsAPrecondition(String name, String value) {
    CacheRequest request = get("/a").header(name, value).build();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.PRECONDITION));
  }

  @Test
  void xForwardedHostBypassesUnlessTrusted() {
    CacheRequest request = get("/a").header("X-Forwarded-Host", "evil.example").build();
    CachePolicy trusting =
        HttpCache.builder().trustedForwardingHeaders(Set.of("X-Forwarded-Host")).build().policy();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.UNTRUSTED_FORWARDING));
    assertThat(trusting.admit(request)).isInstanceOf(Miss.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-Forwarded-For",
        "X-Forwarded-Proto",
        "X-Forwarded-Port",
        "X-Forwarded-Prefix",
        "x-forwarded-host",
        "Forwarded",
        "X-Original-URL",
        "X-Rewrite-URL",
        "X-Original-URI",
        "X-Original-Host",
        "X-Host",
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override",
        "X-Real-IP"
      })
  void forwardingAndOverrideHeadersBypassUnlessTrusted(String name) {
    CacheRequest request = get("/a").header(name, "x").build();
    CachePolicy trusting = HttpCache.builder().trustedForwardingHeaders(Set.of(name)).build().policy();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.UNTRUSTED_FORWARDING));
    assertThat(trusting.admit(request)).isInstanceOf(Miss.class);
  }

  @Test
  void trustingOneForwardingHeaderDoesNotTrustAnother() {
    CachePolicy trusting =
        HttpCache.builder().trustedForwardingHeaders(Set.of("X-Forwarded-Host")).build().policy();
    CacheRequest request =
        get("/a").header("X-Forwarded-Host", "a.example").header("X-Forwarded-Proto", "https").build();

    assertThat(trusting.admit(request)).isEqualTo(new Bypass(BypassReason.UNTRUSTED_FORWARDING));
  }

  @Test
  void trustedForwardingHeaderBecomesPartOfTheKey() {
    CachePolicy trusting =
        HttpCache.builder().trustedForwardingHeaders(Set.of("x-FORWARDED-host")).build().policy();

    CacheKey first = missKey(trusting, get("/a").header("X-Forwarded-Host", "a.example").build());
    CacheKey second = missKey(trusting, get("/a").header("x-forwarded-host", "b.example").build());
    CacheKey without = missKey(trusting, get("/a").build());

    assertThat(first.headers()).containsExactly(Map.entry("x-forwarded-host", "a.example"));
    assertThat(second.headers()).containsExactly(Map.entry("x-forwarded-host", "b.example"));
    assertThat(first).isNotEqualTo(second);
    assertThat(without.headers()).isEmpty();
    assertThat(without).isNotEqualTo(first);
    assertThat(first.primary()).isEqualTo(without);
  }

  @Test
  void ignoredRequestHeaderNeitherBypassesNorEntersTheKey() {
    CachePolicy ignoring =
        HttpCache.builder().ignoredRequestHeaders(Set.of("X-Forwarded-For")).build().policy();

    CacheKey with = missKey(ignoring, get("/a").header("x-forwarded-for", "203.0.113.7").build());
    CacheKey without = missKey(ignoring, get("/a").build());

    assertThat(with).isEqualTo(without);
    assertThat(with.headers()).isEmpty();
  }

  @Test
  void duplicateHostHeaderBypasses() {
    CacheRequest request =
        get("/a").header("Host", "example.com").header("host", "evil.example").build();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.INVALID_HOST));
    assertThat(policy.admit(get("/a").header("Host", "example.com").build())).isInstanceOf(Miss.class);
  }

  @Test
  void hostOutsideTheAllowListBypasses() {
    CachePolicy allowing = HttpCache.builder().allowedHosts(Set.of("Example.COM")).build().policy();

    assertThat(allowing.admit(get("/a").authority("evil.example").build()))
        .isEqualTo(new Bypass(BypassReason.INVALID_HOST));
    assertThat(allowing.admit(get("/a").authority("example.com.evil.example").build()))
        .isEqualTo(new Bypass(BypassReason.INVALID_HOST));
    assertThat(allowing.admit(get("/a").authority("EXAMPLE.com:8080").build())).isInstanceOf(Miss.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "user@example.com", "example.com:0", "example.com:65536", "example.com:", "exa mple.com",
        "example.com:8o"})
  void invalidAuthorityBypasses(String authority) {
    assertThat(policy.admit(get("/a").authority(authority).build()))
        .isEqualTo(new Bypass(BypassReason.INVALID_HOST));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\r\nb", "/a\nb", "/a\rb", "/a\u0000b", "/a\u007fb", "/a b", "/a\tb", "/a#b", "/caf\u00e9", "a"})
  void controlCharacterInPathBypasses(String path) {
    assertThat(policy.admit(get("/").path(path).build())).isEqualTo(new Bypass(BypassReason.INVALID_TARGET));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=\r\n", "a=1 2", "a=\u0000", "a=#frag", "q=\u00e9"})
  void invalidCharacterInQueryBypasses(String query) {
    assertThat(policy.admit(get("/a").query(query).build())).isEqualTo(new Bypass(BypassReason.INVALID_TARGET));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp", "ws", ""})
  void schemeOtherThanHttpOrHttpsBypasses(String scheme) {
    assertThat(policy.admit(get("/a").scheme(scheme).build())).isEqualTo(new Bypass(BypassReason.INVALID_TARGET));
  }

  @Test
  void overlongKeyBypasses() {
    CachePolicy shortKeys = HttpCache.builder().maximumKeyLength(64).build().policy();
    // "GET" + "http" + "example.com" is 18 characters; the rest is the path.
    String longest = "/" + "a".repeat(64 - 18 - 1);

    assertThat(shortKeys.admit(get(longest).build())).isInstanceOf(Miss.class);
    assertThat(shortKeys.admit(get(longest + "b").build())).isEqualTo(new Bypass(BypassReason.KEY_TOO_LONG));
    assertThat(shortKeys.admit(get("/?" + "q".repeat(100)).build()))
        .isEqualTo(new Bypass(BypassReason.KEY_TOO_LONG));
  }

  @Test
  void trustedHeaderValueCountsTowardsTheKeyLength() {
    CachePolicy shortKeys =
        HttpCache.builder()
            .maximumKeyLength(64)
            .trustedForwardingHeaders(Set.of("X-Forwarded-Host"))
            .build()
            .policy();

    assertThat(shortKeys.admit(get("/").header("X-Forwarded-Host", "h".repeat(60)).build()))
        .isEqualTo(new Bypass(BypassReason.KEY_TOO_LONG));
  }

  @Test
  void headFoldsIntoTheGetKey() {
    CacheKey headKey = missKey(policy, head("/a?b=1").build());

    assertThat(headKey).isEqualTo(missKey(policy, get("/a?b=1").build()));
    assertThat(headKey.method()).isEqualTo("GET");
  }

  @ParameterizedTest
  @CsvSource({
    "http,  example.com:80,   example.com",
    "https, example.com:443,  example.com",
    "http,  example.com:443,  example.com:443",
    "https, example.com:80,   example.com:80",
    "http,  Example.COM:8080, example.com:8080",
    "HTTP,  example.com:80,   example.com"
  })
  void defaultPortIsDroppedFromTheKeyHost(String scheme, String authority, String host) {
    CacheKey key = missKey(policy, get("/a").scheme(scheme).authority(authority).build());

    assertThat(key.host()).isEqualTo(host);
    assertThat(key.scheme()).isEqualTo(scheme.toLowerCase(Locale.ROOT));
  }

  @Test
  void schemeIsPartOfTheKey() {
    assertThat(missKey(policy, get("/a").scheme("https").build()))
        .isNotEqualTo(missKey(policy, get("/a").scheme("http").build()));
  }

  @Test
  void sortedQueryMakesParameterOrderIrrelevant() {
    CachePolicy sorting = HttpCache.builder().sortQueryParameters(true).build().policy();

    CacheKey first = missKey(sorting, get("/a?b=2&a=1&c=3").build());
    CacheKey second = missKey(sorting, get("/a?c=3&a=1&b=2").build());

    assertThat(first).isEqualTo(second);
    assertThat(first.query()).isEqualTo("a=1&b=2&c=3");
  }

  @Test
  void ignoredQueryParametersLeaveTheKey() {
    CachePolicy ignoring =
        HttpCache.builder().ignoredQueryParameters(Set.of("utm_*", "fbclid", "*.ref")).build().policy();

    CacheKey tracked =
        missKey(ignoring, get("/a?utm_source=news&id=7&utm_medium=web&fbclid=x&site.ref=1&utm_=z").build());

    assertThat(tracked.query()).isEqualTo("id=7");
    assertThat(tracked).isEqualTo(missKey(ignoring, get("/a?id=7").build()));
    assertThat(missKey(ignoring, get("/a?utm_source=news").build()))
        .isEqualTo(missKey(ignoring, get("/a").build()));
    // The glob matches whole names, and its other characters literally.
    assertThat(missKey(ignoring, get("/a?xutm_a=1&fbclid2=2&siteXref=3").build()).query())
        .isEqualTo("xutm_a=1&fbclid2=2&siteXref=3");
  }

  @Test
  void queryIsKeptAsIsByDefault() {
    CacheKey key = missKey(policy, get("/a?b=2&a=1&&c&utm_source=x").build());

    assertThat(key.query()).isEqualTo("b=2&a=1&&c&utm_source=x");
    assertThat(key).isNotEqualTo(missKey(policy, get("/a?a=1&b=2&&c&utm_source=x").build()));
  }

  @Test
  void percentEncodingIsNeitherDecodedNorEncoded() {
    CacheKey encoded = missKey(policy, get("/a%2Fb?x=%41").build());

    assertThat(encoded.path()).isEqualTo("/a%2Fb");
    assertThat(encoded.query()).isEqualTo("x=%41");
    assertThat(encoded).isNotEqualTo(missKey(policy, get("/a/b?x=A").build()));
  }

  @Test
  void resourceKeyOfAUriEqualsTheKeyOfARequestForIt() {
    CacheKey requestKey = missKey(policy, get("/a%2Fb?x=1").scheme("https").authority("example.com:443").build());

    assertThat(policy.resourceKey(URI.create("https://EXAMPLE.com:443/a%2Fb?x=1"))).contains(requestKey);
    assertThat(policy.resourceKey(post("/a%2Fb?x=1").scheme("https").build())).contains(requestKey);
    assertThat(policy.resourceKey(URI.create("ftp://example.com/a"))).isEmpty();
    assertThat(policy.resourceKey(URI.create("http://user@example.com/a"))).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------
  // onResponse: what is stored

  @ParameterizedTest
  @ValueSource(strings = {"Set-Cookie", "set-cookie", "Set-Cookie2"})
  void setCookieIsNotStored(String name) {
    CapturedResponse response = ok().header("Cache-Control", "public, max-age=60").header(name, "id=1").build();

    assertThat(policy.onResponse(NOW, get("/a").build(), response)).isEqualTo(new Reject(RejectReason.SET_COOKIE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"private", "max-age=60, private", "private=\"Set-Cookie\"", "PRIVATE, s-maxage=60"})
  void privateIsNotStored(String cacheControl) {
    assertThat(onResponse(ok().header("Cache-Control", cacheControl))).isEqualTo(new Reject(RejectReason.PRIVATE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-store", "public, max-age=60, no-store", "No-Store"})
  void noStoreResponseIsNotStored(String cacheControl) {
    assertThat(onResponse(ok().header("Cache-Control", cacheControl))).isEqualTo(new Reject(RejectReason.NO_STORE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-cache", "max-age=60, no-cache", "no-cache=\"Set-Cookie\""})
  void noCacheResponseIsNotStored(String cacheControl) {
    assertThat(onResponse(ok().header("Cache-Control", cacheControl))).isEqualTo(new Reject(RejectReason.NO_CACHE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "Accept-Encoding, *", "Accept Encoding"})
  void varyStarIsNotStored(String vary) {
    assertThat(onResponse(ok().header("Vary", vary))).isEqualTo(new Reject(RejectReason.VARY));
  }

  @Test
  void varyOnNamedHeadersIsStoredAndNamesTheVariantHeaders() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Vary", "Accept-Encoding, Accept-Language"));

    assertThat(policy.varyNames(entry)).containsExactly("accept-encoding", "accept-language");
  }

  @Test
  void variantKeyHoldsTheVaryingRequestHeaders() {
    CacheKey primary = missKey(policy, get("/a").build());
    List<String> vary = List.of("accept-encoding", "accept-language");

    Optional<CacheKey> gzip = policy.variantKey(primary, vary, get("/a").header("Accept-Encoding", "gzip").build());
    Optional<CacheKey> empty = policy.variantKey(primary, vary, get("/a").header("Accept-Encoding", "").build());
    Optional<CacheKey> absent = policy.variantKey(primary, vary, get("/a").build());

    assertThat(gzip.orElseThrow().headers()).containsExactly(Map.entry("accept-encoding", "gzip"));
    assertThat(empty.orElseThrow().headers()).containsExactly(Map.entry("accept-encoding", ""));
    assertThat(absent.orElseThrow().headers()).isEmpty();
    assertThat(gzip.orElseThrow().primary()).isEqualTo(primary);
    assertThat(policy.variantKey(primary, List.of(), get("/a").header("Accept-Encoding", "gzip").build()))
        .contains(primary);
  }

  @Test
  void variantKeyOverTheMaximumLengthIsEmpty() {
    CachePolicy shortKeys = HttpCache.builder().maximumKeyLength(64).build().policy();
    CacheKey primary = missKey(shortKeys, get("/a").build());

    assertThat(shortKeys.variantKey(primary, List.of("accept"), get("/a").header("Accept", "x".repeat(60)).build()))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"max-age=60, false", "'public, max-age=60', true", "s-maxage=60, true"})
  void authorizedRequestIsStoredOnlyWhenPublicOrSMaxage(String cacheControl, boolean stored) {
    CacheRequest authorized = get("/a").header("Authorization", "Bearer secret").build();

    StoreDecision decision = policy.onResponse(NOW, authorized, ok().header("Cache-Control", cacheControl).build());

    if (stored) {
      assertThat(decision).isInstanceOf(Store.class);
    } else {
      assertThat(decision).isEqualTo(new Reject(RejectReason.AUTHORIZATION));
    }
  }

  @Test
  void authorizedRequestIsServedOnlySharedEntries() {
    CacheRequest anonymous = get("/a").build();
    CacheRequest authorized = get("/a").header("Authorization", "Bearer secret").build();
    CacheKey key = missKey(policy, anonymous);
    CachedResponse personal = stored(policy, anonymous, ok().header("Cache-Control", "max-age=60"));
    CachedResponse shared = stored(policy, anonymous, ok().header("Cache-Control", "public, max-age=60"));
    CachedResponse sharedBySMaxage = stored(policy, anonymous, ok().header("Cache-Control", "s-maxage=60"));

    assertThat(policy.onLookup(NOW, authorized, key, Optional.of(personal))).isEqualTo(new Miss(key));
    assertThat(policy.onLookup(NOW, anonymous, key, Optional.of(personal))).isInstanceOf(Hit.class);
    assertThat(policy.onLookup(NOW, authorized, key, Optional.of(shared))).isInstanceOf(Hit.class);
    assertThat(policy.onLookup(NOW, authorized, key, Optional.of(sharedBySMaxage))).isInstanceOf(Hit.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
  void statusesStoredByDefault(int status) {
    CapturedResponse.Builder response = CapturedResponse.builder().status(status);
    if (status != 204) {
      response.body(bytes(HELLO));
    }

    StoreDecision decision = policy.onResponse(NOW, get("/a").build(), response.build());

    assertThat(decision).isInstanceOf(Store.class);
    assertThat(((Store) decision).entry().status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 201, 202, 206, 302, 303, 304, 307, 400, 401, 403, 429, 500, 502, 503, 504})
  void statusesNotStoredByDefault(int status) {
    CapturedResponse response =
        CapturedResponse.builder().status(status).header("Cache-Control", "public, max-age=60").build();

    assertThat(policy.onResponse(NOW, get("/a").build(), response)).isEqualTo(new Reject(RejectReason.STATUS));
  }

  @Test
  void configuredStatusesReplaceTheDefault() {
    CachePolicy custom = HttpCache.builder().cacheableStatuses(Set.of(200, 302)).build().policy();
    CacheRequest request = get("/a").build();

    assertThat(custom.onResponse(NOW, request, CapturedResponse.builder().status(302).build()))
        .isInstanceOf(Store.class);
    assertThat(custom.onResponse(NOW, request, CapturedResponse.builder().status(404).build()))
        .isEqualTo(new Reject(RejectReason.STATUS));
    assertThat(custom.onResponse(NOW, request, CapturedResponse.builder().status(200).build()))
        .isInstanceOf(Store.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age=10, s-maxage=20", "s-maxage=20, max-age=10", "s-maxage=20"})
  void sMaxageWinsOverMaxAge(String cacheControl) {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Cache-Control", cacheControl));

    assertThat(entry.freshnessLifetime()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void maxAgeWinsOverExpires() {
    CachedResponse entry =
        stored(policy, get("/a").build(),
            ok().header("Cache-Control", "max-age=10")
                .header("Date", httpDate(NOW))
                .header("Expires", httpDate(NOW.plusSeconds(600))));

    assertThat(entry.freshnessLifetime()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void expiresMinusDateGivesTheTtl() {
    // Date is the origin's clock, not ours: only the difference counts (a Date ahead of ours adds no age).
    Instant originDate = NOW.plusSeconds(3600);
    CachedResponse entry =
        stored(policy, get("/a").build(),
            ok().header("Date", httpDate(originDate)).header("Expires", httpDate(originDate.plusSeconds(300))));

    assertThat(entry.freshnessLifetime()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void invalidExpiresMeansNotFresh() {
    CacheRequest request = get("/a").build();
    String date = httpDate(NOW);

    assertThat(policy.onResponse(NOW, request, ok().header("Date", date).header("Expires", "0").build()))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(policy.onResponse(NOW, request, ok().header("Date", date).header("Expires", "tomorrow").build()))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(policy.onResponse(NOW, request,
            ok().header("Date", date)
                .header("Expires", httpDate(NOW.plusSeconds(60)))
                .header("Expires", httpDate(NOW.plusSeconds(120)))
                .build()))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(policy.onResponse(NOW, request,
            ok().header("Date", date).header("Expires", httpDate(NOW.minusSeconds(60))).build()))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
  }

  @Test
  void invalidMaxAgeMeansNotFresh() {
    assertThat(onResponse(ok().header("Cache-Control", "max-age=ten")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(onResponse(ok().header("Cache-Control", "max-age=0")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
  }

  @Test
  void defaultTtlAppliesWithoutFreshnessInformation() {
    CachePolicy thirtySeconds = HttpCache.builder().defaultTtl(Duration.ofSeconds(30)).build().policy();

    assertThat(stored(policy, get("/a").build(), ok()).freshnessLifetime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(stored(thirtySeconds, get("/a").build(), ok()).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(stored(thirtySeconds, get("/a").build(), ok().header("Cache-Control", "public")).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void ttlIsClampedToTheMaximum() {
    CachePolicy tenMinutes = HttpCache.builder().maximumTtl(Duration.ofMinutes(10)).build().policy();
    CacheRequest request = get("/a").build();

    assertThat(stored(tenMinutes, request, ok().header("Cache-Control", "max-age=86400")).freshnessLifetime())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(stored(tenMinutes, request, ok().header("Cache-Control", "s-maxage=99999999999")).freshnessLifetime())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(stored(tenMinutes, request,
            ok().header("Date", httpDate(NOW)).header("Expires", httpDate(NOW.plus(Duration.ofDays(2)))))
        .freshnessLifetime())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(stored(tenMinutes, request, ok().header("Cache-Control", "max-age=599")).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(599));
  }

  @Test
  void zeroDefaultTtlStoresOnlyExplicitlyFreshResponses() {
    CachePolicy explicitOnly = HttpCache.builder().defaultTtl(Duration.ZERO).build().policy();
    CacheRequest request = get("/a").build();

    assertThat(explicitOnly.onResponse(NOW, request, ok().build())).isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(stored(explicitOnly, request, ok().header("Cache-Control", "max-age=5")).freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(stored(explicitOnly, request,
            ok().header("Date", httpDate(NOW)).header("Expires", httpDate(NOW.plusSeconds(7))))
        .freshnessLifetime())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void bodyOverMaximumEntryBytesIsNotStored() {
    CachePolicy tenBytes = HttpCache.builder().maximumEntryBytes(ByteSize.ofBytes(10)).build().policy();
    CacheRequest request = get("/a").build();

    assertThat(tenBytes.onResponse(NOW, request, ok().body(bytes("x".repeat(11))).build()))
        .isEqualTo(new Reject(RejectReason.TOO_LARGE));
    assertThat(tenBytes.onResponse(NOW, request, ok().body(bytes("x".repeat(10))).build()))
        .isInstanceOf(Store.class);
  }

  @Test
  void overflowedCaptureIsNotStored() {
    assertThat(onResponse(ok().overflowed())).isEqualTo(new Reject(RejectReason.TOO_LARGE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "6", "5, 6", "abc", "-5"})
  void bodyShorterThanContentLengthIsNotStored(String contentLength) {
    // The body is "hello": five bytes.
    assertThat(onResponse(ok().header("Content-Length", contentLength)))
        .isEqualTo(new Reject(RejectReason.INCOMPLETE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", " 5 ", "5, 5"})
  void bodyMatchingContentLengthIsStored(String contentLength) {
    assertThat(onResponse(ok().header("Content-Length", contentLength))).isInstanceOf(Store.class);
  }

  @Test
  void headResponseIsNeverStored() {
    assertThat(policy.onResponse(NOW, head("/a").build(), ok().header("Cache-Control", "public, max-age=60").build()))
        .isEqualTo(new Reject(RejectReason.METHOD));
    assertThat(policy.mayStore(head("/a").build())).isFalse();
    assertThat(policy.mayStore(get("/a").build())).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"POST, 200", "POST, 201", "PUT, 204", "DELETE, 200", "PATCH, 200", "POST, 303", "PURGE, 200",
    "POST, 399"})
  void unsafeMethodWithSuccessInvalidatesTarget(String method, int status) {
    assertThat(policy.invalidatedResources(request(method, "/a").build(), answered(status)))
        .containsExactly(missKey(policy, get("/a").build()));
  }

  @ParameterizedTest
  @CsvSource({"POST, 400", "PUT, 404", "DELETE, 500", "PATCH, 503", "POST, 100", "POST, 405"})
  void unsafeMethodWithErrorDoesNotInvalidate(String method, int status) {
    assertThat(policy.invalidatedResources(request(method, "/a").build(), answered(status))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
  void safeMethodsNeverInvalidate(String method) {
    assertThat(policy.invalidatedResources(request(method, "/a").build(), answered(200))).isEmpty();
    assertThat(policy.invalidatedResources(request(method, "/a").build(), answered(204))).isEmpty();
  }

  private static CapturedResponse answered(int status) {
    return CapturedResponse.builder().status(status).build();
  }

  @Test
  void hopByHopAndConnectionNamedHeadersAreNotStored() {
    CachedResponse entry =
        stored(policy, get("/a").build(),
            ok().header("Connection", "close, X-Secret")
                .header("Connection", "x-other")
                .header("Keep-Alive", "timeout=5")
                .header("Proxy-Authenticate", "Basic")
                .header("Proxy-Connection", "keep-alive")
                .header("TE", "trailers")
                .header("Trailer", "X-Checksum")
                .header("Transfer-Encoding", "chunked")
                .header("Upgrade", "h2c")
                .header("X-Secret", "s3cret")
                .header("X-Other", "o")
                .header("Cache-Status", "Other; hit")
                .header(":status", "200")
                .header("Content-Type", "text/plain")
                .header("X-Kept", "k"));

    assertThat(entry.headers().names())
        .containsExactlyInAnyOrder("Content-Type", "X-Kept", "ETag", "Content-Length", "Date");
    assertThat(entry.headers().all("X-Kept")).containsExactly("k");
  }

  @Test
  void contentLengthIsRecomputedFromTheBody() {
    CacheRequest request = get("/a").build();

    CachedResponse declared = stored(policy, request, ok().header("content-length", "5"));
    CachedResponse undeclared = stored(policy, request, ok());
    CachedResponse noContent = stored(policy, request, CapturedResponse.builder().status(204));

    assertThat(declared.headers().all("Content-Length")).containsExactly("5");
    assertThat(undeclared.headers().all("Content-Length")).containsExactly("5");
    assertThat(noContent.headers().contains("Content-Length")).isFalse();
    assertThat(declared.bodyBytes()).isEqualTo(bytes(HELLO));
  }

  @Test
  void upstreamAgeBecomesTheInitialAge() {
    CachedResponse entry =
        stored(policy, get("/a").build(), ok().header("Cache-Control", "max-age=60").header("Age", "30"));

    assertThat(entry.initialAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(entry.headers().contains("Age")).isFalse();
    assertThat(entry.fullView(NOW).headers().all("Age")).containsExactly("30");
    assertThat(entry.fullView(NOW.plusSeconds(10)).headers().all("Age")).containsExactly("40");
    assertThat(entry.isFreshAt(NOW.plusSeconds(29))).isTrue();
    assertThat(entry.isFreshAt(NOW.plusSeconds(30))).isFalse();
  }

  @Test
  void invalidUpstreamAgeCountsAsZero() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Age", "-3"));

    assertThat(entry.initialAge()).isEqualTo(Duration.ZERO);
  }

  @Test
  void strongEtagIsGeneratedWhenAbsent() {
    CacheRequest request = get("/a").build();
    CachedResponse first = stored(policy, request, ok());
    CachedResponse same = stored(policy, request, ok());
    CachedResponse other = stored(policy, request, ok().body(bytes("world")));

    Optional<EntityTag> tag = first.etag().flatMap(EntityTag::parse);
    assertThat(tag).isPresent();
    assertThat(tag.get().weak()).isFalse();
    assertThat(tag.get().opaqueTag()).isNotEmpty();
    assertThat(first.headers().all("ETag")).hasSize(1);
    assertThat(same.etag()).isEqualTo(first.etag());
    assertThat(other.etag()).isPresent().isNotEqualTo(first.etag());
  }

  @Test
  void etagIsGeneratedOnlyForA200() {
    CachedResponse notFound = stored(policy, get("/a").build(), ok().status(404));

    assertThat(notFound.etag()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"W/\"v1\"", "\"v1\""})
  void applicationEtagIsKept(String etag) {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("etag", etag));

    assertThat(entry.headers().all("ETag")).containsExactly(etag);
    assertThat(entry.etag()).contains(etag);
  }

  @Test
  void etagGenerationCanBeSwitchedOff() {
    CachePolicy noEtags = HttpCache.builder().generateEtags(false).build().policy();

    assertThat(stored(noEtags, get("/a").build(), ok()).etag()).isEmpty();
    assertThat(stored(noEtags, get("/a").build(), ok().header("ETag", "\"mine\"")).etag()).contains("\"mine\"");
  }

  @Test
  void tagsComeFromTheTagHeader() {
    CachedResponse entry =
        stored(policy, get("/a").build(),
            ok().header("Surrogate-Key", "product-1 product-2,category-9\tall").header("surrogate-key", " page "));
    CachePolicy cacheTag = HttpCache.builder().tagHeader("Cache-Tag").build().policy();
    CachedResponse custom =
        stored(cacheTag, get("/a").build(), ok().header("Cache-Tag", "x y").header("Surrogate-Key", "ignored"));

    assertThat(entry.tags()).containsExactlyInAnyOrder("product-1", "product-2", "category-9", "all", "page");
    assertThat(custom.tags()).containsExactlyInAnyOrder("x", "y");
    assertThat(stored(policy, get("/a").build(), ok()).tags()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nSet-Cookie: id=1", "a\nb", "a\rb", "a\u0000b"})
  void headerWithCrLfIsNotStored(String value) {
    assertThat(onResponse(ok().header("X-Injected", value))).isEqualTo(new Reject(RejectReason.MALFORMED_HEADER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Bad", "X:Bad", "", "X-Caf\u00e9"})
  void headerWithInvalidNameIsNotStored(String name) {
    assertThat(onResponse(ok().header(name, "v"))).isEqualTo(new Reject(RejectReason.MALFORMED_HEADER));
  }

  @Test
  void storingNeverSharesTheCapturedBody() {
    byte[] body = bytes(HELLO);
    CapturedResponse response = ok().body(body).build();
    body[0] = 'J';

    CachedResponse entry = ((Store) policy.onResponse(NOW, get("/a").build(), response)).entry();
    entry.bodyBytes()[0] = 'Y';

    assertThat(entry.bodyBytes()).isEqualTo(bytes(HELLO));
    assertThat(entry.storedAt()).isEqualTo(NOW);
  }

  // ---------------------------------------------------------------------------------------------------------
  // onLookup: what a stored entry answers

  @ParameterizedTest
  @ValueSource(strings = {"W/\"v1\"", "\"v1\"", "\"other\", W/\"v1\"", " \"v1\" "})
  void ifNoneMatchWeakComparisonAnswers304(String ifNoneMatch) {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("ETag", "W/\"v1\""));

    RequestDecision decision = lookup(get("/a").header("If-None-Match", ifNoneMatch).build(), entry);

    assertThat(decision).isInstanceOf(NotModified.class);
    assertThat(((NotModified) decision).response().status()).isEqualTo(304);
  }

  @Test
  void ifNoneMatchWithAnotherTagIsAFullHit() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("ETag", "\"v1\""));

    RequestDecision decision = lookup(get("/a").header("If-None-Match", "\"v2\", W/\"v0\"").build(), entry);

    assertThat(decision).isInstanceOf(Hit.class);
    assertThat(((Hit) decision).response().bodyBytes()).isEqualTo(bytes(HELLO));
  }

  @Test
  void ifNoneMatchStarAnswers304() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("ETag", "\"v1\""));
    CachedResponse withoutEtag =
        stored(HttpCache.builder().generateEtags(false).build().policy(), get("/a").build(), ok());

    assertThat(lookup(get("/a").header("If-None-Match", "*").build(), entry)).isInstanceOf(NotModified.class);
    assertThat(lookup(get("/a").header("If-None-Match", "*").build(), withoutEtag)).isInstanceOf(NotModified.class);
  }

  @Test
  void malformedIfNoneMatchStillSilencesIfModifiedSince() {
    String lastModified = httpDate(NOW.minusSeconds(3600));
    CachedResponse entry =
        stored(policy, get("/a").build(), ok().header("ETag", "\"v1\"").header("Last-Modified", lastModified));
    CacheRequest conditional =
        get("/a").header("If-None-Match", "not-a-tag").header("If-Modified-Since", lastModified).build();

    assertThat(lookup(conditional, entry)).isInstanceOf(Hit.class);
  }

  @Test
  void expiresWithoutDateCountsFromTheTimeOfStoring() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Expires", httpDate(NOW.plusSeconds(300))));

    assertThat(entry.freshnessLifetime()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void responseWithoutDateIsStoredWithTheTimeOfStoring() {
    CachedResponse entry = stored(policy, get("/a").build(), ok());

    assertThat(entry.headers().all("Date")).containsExactly(httpDate(NOW));
  }

  @Test
  void responseAlreadyOlderThanItsLifetimeIsNotStored() {
    assertThat(onResponse(ok().header("Cache-Control", "max-age=60").header("Age", "120")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(onResponse(ok().header("Cache-Control", "max-age=60").header("Age", "60")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
  }

  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    String lastModified = httpDate(NOW.minusSeconds(3600));
    CachedResponse entry =
        stored(policy, get("/a").build(), ok().header("ETag", "\"v1\"").header("Last-Modified", lastModified));
    CacheRequest conditional =
        get("/a").header("If-None-Match", "\"v2\"").header("If-Modified-Since", lastModified).build();

    RequestDecision decision = lookup(conditional, entry);

    assertThat(decision).isInstanceOf(Hit.class);
    assertThat(((Hit) decision).response().status()).isEqualTo(200);
    assertThat(((Hit) decision).response().bodyBytes()).isEqualTo(bytes(HELLO));
  }

  @Test
  void ifModifiedSinceUsesOneSecondPrecision() {
    Instant modified = NOW.minusSeconds(3600);
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Last-Modified", httpDate(modified)));

    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(modified)).build(), entry))
        .isInstanceOf(NotModified.class);
    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(modified.plusSeconds(1))).build(), entry))
        .isInstanceOf(NotModified.class);
    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(modified.minusSeconds(1))).build(), entry))
        .isInstanceOf(Hit.class);
  }

  @Test
  void ifModifiedSinceInTheFutureIsIgnored() {
    CachedResponse entry =
        stored(policy, get("/a").build(), ok().header("Last-Modified", httpDate(NOW.minusSeconds(3600))));

    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(NOW.plusSeconds(1))).build(), entry))
        .isInstanceOf(Hit.class);
    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(NOW)).build(), entry))
        .isInstanceOf(NotModified.class);
  }

  @Test
  void invalidOrRepeatedIfModifiedSinceIsIgnored() {
    String lastModified = httpDate(NOW.minusSeconds(3600));
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Last-Modified", lastModified));

    assertThat(lookup(get("/a").header("If-Modified-Since", "yesterday").build(), entry)).isInstanceOf(Hit.class);
    assertThat(lookup(get("/a")
            .header("If-Modified-Since", lastModified)
            .header("If-Modified-Since", lastModified)
            .build(), entry))
        .isInstanceOf(Hit.class);
  }

  @Test
  void entryWithoutValidatorsAnswersConditionalRequestsInFull() {
    CachedResponse entry = stored(HttpCache.builder().generateEtags(false).build().policy(), get("/a").build(), ok());

    assertThat(lookup(get("/a").header("If-None-Match", "\"v1\"").build(), entry)).isInstanceOf(Hit.class);
    assertThat(lookup(get("/a").header("If-Modified-Since", httpDate(NOW)).build(), entry)).isInstanceOf(Hit.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {203, 204, 300, 301, 404, 410})
  void nonSuccessEntriesNeverAnswer304(int status) {
    CachedResponse entry =
        stored(policy, get("/a").build(),
            CapturedResponse.builder()
                .status(status)
                .header("ETag", "\"v1\"")
                .header("Last-Modified", httpDate(NOW.minusSeconds(3600))));
    CacheRequest conditional =
        get("/a").header("If-None-Match", "\"v1\"").build();
    CacheRequest star = get("/a").header("If-None-Match", "*").build();
    CacheRequest since = get("/a").header("If-Modified-Since", httpDate(NOW)).build();

    boolean success = status >= 200 && status < 300;
    for (CacheRequest request : List.of(conditional, star, since)) {
      RequestDecision decision = lookup(request, entry);
      if (success) {
        assertThat(decision).isInstanceOf(NotModified.class);
      } else {
        assertThat(decision).isInstanceOf(Hit.class);
        assertThat(((Hit) decision).response().status()).isEqualTo(status);
      }
    }
  }

  @Test
  void staleEntryIsAMiss() {
    CacheRequest request = get("/a").build();
    CacheKey key = missKey(policy, request);
    CachedResponse entry = stored(policy, request, ok().header("Cache-Control", "max-age=60"));

    assertThat(policy.onLookup(NOW.plusSeconds(59), request, key, Optional.of(entry))).isInstanceOf(Hit.class);
    assertThat(policy.onLookup(NOW.plusSeconds(60), request, key, Optional.of(entry))).isEqualTo(new Miss(key));
    assertThat(policy.onLookup(NOW, request, key, Optional.empty())).isEqualTo(new Miss(key));
  }

  @Test
  void hitIsTheFullViewWithItsAge() {
    CacheRequest request = get("/a").build();
    CachedResponse entry = stored(policy, request, ok().header("Content-Type", "text/plain"));

    RequestDecision decision = policy.onLookup(NOW.plusSeconds(7), request, missKey(policy, request), Optional.of(entry));

    assertThat(decision).isEqualTo(new Hit(entry.fullView(NOW.plusSeconds(7))));
    assertThat(((Hit) decision).response().headers().all("Age")).containsExactly("7");
  }

  @Test
  void headRequestGetsAHeadView() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Content-Type", "text/plain"));
    CachedResponse before = entry.newBuilder().build();

    RequestDecision decision = lookup(head("/a").build(), entry);

    assertThat(decision).isInstanceOf(Hit.class);
    CachedResponse view = ((Hit) decision).response();
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.bodyLength()).isZero();
    assertThat(view.body().remaining()).isZero();
    assertThat(view.headers().all("Content-Length")).containsExactly("5");
    assertThat(view.headers().all("Content-Type")).containsExactly("text/plain");
    assertThat(view.headers().all("Age")).containsExactly("0");
    assertThat(entry).isEqualTo(before);
    assertThat(entry.bodyBytes()).isEqualTo(bytes(HELLO));
  }

  @Test
  void conditionalHeadRequestGetsA304() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("ETag", "\"v1\""));

    RequestDecision decision = lookup(head("/a").header("If-None-Match", "\"v1\"").build(), entry);

    assertThat(decision).isInstanceOf(NotModified.class);
    assertThat(((NotModified) decision).response().bodyLength()).isZero();
  }

  @Test
  void notModifiedViewHasNoBodyNorContentLength() {
    CachedResponse entry =
        stored(policy, get("/a").build(),
            ok().header("Content-Type", "text/plain")
                .header("Cache-Control", "max-age=60")
                .header("ETag", "\"v1\"")
                .header("Vary", "Accept-Encoding")
                .header("X-Custom", "c"));
    CachedResponse before = entry.newBuilder().build();

    RequestDecision decision = lookup(get("/a").header("If-None-Match", "\"v1\"").build(), entry);

    assertThat(decision).isInstanceOf(NotModified.class);
    CachedResponse view = ((NotModified) decision).response();
    assertThat(view.status()).isEqualTo(304);
    assertThat(view.bodyLength()).isZero();
    assertThat(view.headers().contains("Content-Length")).isFalse();
    assertThat(view.headers().contains("Content-Type")).isFalse();
    assertThat(view.headers().contains("X-Custom")).isFalse();
    assertThat(view.headers().all("ETag")).containsExactly("\"v1\"");
    assertThat(view.headers().all("Cache-Control")).containsExactly("max-age=60");
    assertThat(view.headers().all("Vary")).containsExactly("Accept-Encoding");
    assertThat(view.headers().all("Age")).containsExactly("0");
    assertThat(entry).isEqualTo(before);
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.headers().all("Content-Length")).containsExactly("5");
  }

  // ---------------------------------------------------------------------------------------------------------
  // a request with a body, and the age a response arrives with (RFC 9111 §4.2.3)

  @ParameterizedTest
  @CsvSource({"GET, Content-Length, 12", "GET, Transfer-Encoding, chunked", "HEAD, Content-Length, 3",
      "GET, content-length, 1", "GET, Content-Length, not-a-number", "HEAD, Transfer-Encoding, gzip, chunked"})
  void getOrHeadWithARequestBodyBypasses(String method, String name, String value) {
    CacheRequest request = request(method, "/search").header(name, value).build();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.REQUEST_BODY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", " 0 ", "00"})
  void getWithAnEmptyDeclaredBodyIsAdmitted(String length) {
    assertThat(policy.admit(get("/search").header("Content-Length", length).build())).isInstanceOf(Miss.class);
  }

  @Test
  void aDateAnHourOldCountsAsAnHourOfAge() {
    CapturedResponse.Builder hourOld =
        ok().header("Date", httpDate(NOW.minusSeconds(3600))).header("Cache-Control", "max-age=600");

    assertThat(onResponse(hourOld)).isEqualTo(new Reject(RejectReason.NOT_FRESH));
  }

  @Test
  void initialAgeIsTheLargerOfTheApparentAgeAndTheAgeField() {
    CachedResponse dateOlder = stored(policy, get("/a").build(), ok().header("Date", httpDate(NOW.minusSeconds(100)))
        .header("Age", "30").header("Cache-Control", "max-age=600"));
    CachedResponse ageOlder = stored(policy, get("/a").build(), ok().header("Date", httpDate(NOW.minusSeconds(30)))
        .header("Age", "100").header("Cache-Control", "max-age=600"));
    CachedResponse dateAhead = stored(policy, get("/a").build(), ok().header("Date", httpDate(NOW.plusSeconds(50)))
        .header("Cache-Control", "max-age=600"));

    assertThat(dateOlder.fullView(NOW).headers().first("Age")).hasValue("100");
    assertThat(ageOlder.fullView(NOW).headers().first("Age")).hasValue("100");
    assertThat(dateAhead.fullView(NOW).headers().first("Age")).hasValue("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"100, 100", "100,100", "100 , 100", "100"})
  void repeatedIdenticalAgeIsOneValidValue(String age) {
    assertThat(onResponse(ok().header("Age", age).header("Cache-Control", "max-age=60")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(onResponse(ok().header("Age", "100").header("Age", age).header("Cache-Control", "max-age=60")))
        .isEqualTo(new Reject(RejectReason.NOT_FRESH));
    assertThat(stored(policy, get("/a").build(), ok().header("Age", age).header("Cache-Control", "max-age=600"))
        .fullView(NOW).headers().first("Age")).hasValue("100");
  }

  // ---------------------------------------------------------------------------------------------------------
  // helpers

  private static CapturedResponse.Builder ok() {
    return CapturedResponse.builder().status(200).body(bytes(HELLO));
  }

  private StoreDecision onResponse(CapturedResponse.Builder response) {
    return policy.onResponse(NOW, get("/a").build(), response.build());
  }

  private static CachedResponse stored(CachePolicy policy, CacheRequest request, CapturedResponse.Builder response) {
    StoreDecision decision = policy.onResponse(NOW, request, response.build());
    assertThat(decision).isInstanceOf(Store.class);
    return ((Store) decision).entry();
  }

  private RequestDecision lookup(CacheRequest request, CachedResponse entry) {
    return policy.onLookup(NOW, request, missKey(policy, request), Optional.of(entry));
  }

  private static CacheKey missKey(CachePolicy policy, CacheRequest request) {
    RequestDecision decision = policy.admit(request);
    assertThat(decision).isInstanceOf(Miss.class);
    return ((Miss) decision).key();
  }

  private static String httpDate(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------
  // defences added after review: host agreement, cloaking, private cookies, impossible statuses, tag header

  @Test
  void hostFieldThatDisagreesWithTheAuthorityBypasses() {
    CacheRequest request = get("/a").authority("example.com").header("Host", "evil.example").build();
    CacheRequest agreeing = get("/a").authority("example.com").header("Host", "EXAMPLE.com:80").build();

    assertThat(policy.admit(request)).isEqualTo(new Bypass(BypassReason.INVALID_HOST));
    assertThat(policy.admit(agreeing)).isInstanceOf(Miss.class);
  }

  @Test
  void ignoredParameterCannotCloakAnotherOneBehindASemicolon() {
    CachePolicy ignoring = HttpCache.builder().ignoredQueryParameters(Set.of("utm_*")).build().policy();

    assertThat(ignoring.admit(get("/p?utm_source=x;lang=evil").build()))
        .isNotEqualTo(ignoring.admit(get("/p").build()));
    assertThat(ignoring.admit(get("/p?utm_source=x&lang=en").build()))
        .isEqualTo(ignoring.admit(get("/p?lang=en").build()));
  }

  @Test
  void sessionCookieMakesARequestPersonalLikeAuthorization() {
    CacheRequest withSession = get("/account").header("Cookie", "theme=dark; JSESSIONID=abc123").build();
    CachedResponse shared = stored(policy, get("/account").build(), ok());

    assertThat(policy.onResponse(NOW, withSession, ok().build())).isEqualTo(new Reject(RejectReason.AUTHORIZATION));
    assertThat(lookup(withSession, shared)).isInstanceOf(Miss.class);
    assertThat(policy.onResponse(NOW, withSession, ok().header("Cache-Control", "public, max-age=60").build()))
        .isInstanceOf(Store.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "a=\"x, no-store, b=\"y", "max-age=60, ext=\"a, private, b=\"c", "max-age=60, x=\"no-cache\"", "MAX-AGE=60, NO-STORE"})
  void aRefusingDirectiveHiddenFromTheParserByStrayQuotesStillRefuses(String cacheControl) {
    StoreDecision decision =
        policy.onResponse(NOW, get("/a").build(), ok().header("Cache-Control", cacheControl).build());

    assertThat(decision).isInstanceOf(Reject.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age=60, x-no-storey=1", "max-age=60, privately=1", "max-age=60, no-caches"})
  void aLongerTokenThatMerelyContainsADirectiveDoesNotRefuse(String cacheControl) {
    assertThat(policy.onResponse(NOW, get("/a").build(), ok().header("Cache-Control", cacheControl).build()))
        .isInstanceOf(Store.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "JSESSIONID=abc", "SESSION=abc", "remember-me=abc", "vertx-web.session=abc",
    "theme=dark; JSESSIONID=abc", "theme=dark, JSESSIONID=abc", "theme=dark,JSESSIONID=abc"})
  void eachDefaultSessionCookieUnderEitherSeparatorMakesARequestPersonal(String cookies) {
    CacheRequest withSession = get("/account").header("Cookie", cookies).build();

    assertThat(policy.carriesCredentials(withSession)).isTrue();
    assertThat(policy.onResponse(NOW, withSession, ok().build())).isEqualTo(new Reject(RejectReason.AUTHORIZATION));
  }

  @Test
  void cookiesNotNamedPrivateDoNotMatter() {
    CacheRequest analytics = get("/page").header("Cookie", "_ga=GA1.2.3; theme=dark").build();
    CachePolicy none = HttpCache.builder().privateCookies(Set.of()).build().policy();

    assertThat(policy.onResponse(NOW, analytics, ok().build())).isInstanceOf(Store.class);
    assertThat(none.onResponse(NOW, get("/a").header("Cookie", "JSESSIONID=x").build(), ok().build()))
        .isInstanceOf(Store.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 101, 199, 206, 304})
  void statusesThatAreNotCompleteResponsesCannotBeConfigured(int status) {
    assertThatThrownBy(() -> HttpCache.builder().cacheableStatuses(Set.of(200, status)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheableStatuses");
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com:8080", "exa mple.com", "", "user@example.com"})
  void allowedHostsMustBeHostNamesWithoutPort(String host) {
    assertThatThrownBy(() -> HttpCache.builder().allowedHosts(Set.of(host)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedHosts");
  }

  @Test
  void tagHeaderIsNotStoredSoPurgeTagsDoNotReachClients() {
    CachedResponse entry = stored(policy, get("/a").build(), ok().header("Surrogate-Key", "team-a"));

    assertThat(entry.tags()).containsExactly("team-a");
    assertThat(entry.headers().contains("Surrogate-Key")).isFalse();
  }
}
