package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheStats;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the cache through a real server, run by every adapter's contract test against the vulnerable but
 * realistic routes of {@link AttackRoutes}: leaking private pages, poisoning through inputs the key does not
 * hold, web cache deception, CR/LF injection, and a cache-busting flood. Each test fails when the defence it
 * names is taken out.
 */
public interface AttackSuite extends ContractSuite {

  /** What the poisoning attempts inject; a clean client must never see it. */
  String EVIL = "evil.example";
  /** The byte bound of the flood tests. */
  ByteSize FLOOD_BOUND = ByteSize.ofKilobytes(512);
  /**
   * What the cache holds besides its entries, whatever the traffic: the use-counter table (64 Ki ints, 256 KiB),
   * the invalidation stripes, the policy, the counters, and the empty tables of the {@code Vary} index, the
   * uncacheable-key memory and the render map. Measured at about 275 KiB by {@link RetainedHeap} on an empty cache;
   * 384 KiB leaves room for other object layouts.
   */
  ByteSize FIXED_OVERHEAD = ByteSize.ofKilobytes(384);
  /**
   * Unique URLs per flood round (two rounds) in the per-adapter test, small enough for ten adapters' runs; the
   * 200,000-URL flood runs in the core's own test.
   */
  int FLOOD_REQUESTS = 5_000;

  // --- 1. private responses and requests with credentials

  @Test
  default void privatePagesAndNewSessionCookiesAreNeverServedToAnotherClient() throws Exception {
    serve();
    HttpResponse<byte[]> firstVisit = get("/attack/welcome");
    HttpResponse<byte[]> secondVisit = get("/attack/welcome");

    assertThat(firstVisit.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie).startsWith("JSESSIONID=s1-"));
    assertThat(secondVisit.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie).startsWith("JSESSIONID=s2-"));
    assertThat(text(secondVisit)).isEqualTo("welcome render 2");
    // The user is told by a cookie the cache does not know as private: only Cache-Control keeps the pages apart.
    for (String path : List.of("/attack/private", "/attack/no-store")) {
      HttpResponse<byte[]> alice = get(path, "Cookie", "remember=alice");
      HttpResponse<byte[]> bob = get(path, "Cookie", "remember=bob");
      HttpResponse<byte[]> anonymous = get(path);

      assertThat(text(alice)).startsWith("account of alice");
      assertThat(text(bob)).startsWith("account of bob").doesNotContain("alice");
      assertThat(text(anonymous)).isEqualTo("anonymous render 3");
    }
    within(() -> assertThat(cache().stats().rejections(RejectReason.SET_COOKIE)).isEqualTo(2));
    within(() -> assertThat(cache().stats().rejections(RejectReason.PRIVATE)).isEqualTo(3));
    within(() -> assertThat(cache().stats().rejections(RejectReason.NO_STORE)).isEqualTo(3));
    assertThat(cache().stats().stores()).isZero();
  }

  @Test
  default void requestsWithCredentialsNeverGetAnotherClientsPageNorStoreTheirOwn() throws Exception {
    serve();
    String path = "/attack/account/home";
    HttpResponse<byte[]> anonymous = get(path);
    awaitStores(1);
    List<String[]> credentials = List.of(
        new String[] {"Cookie", "JSESSIONID=victim"},
        new String[] {"Cookie", "theme=dark; SESSION=victim"},
        new String[] {"Cookie", "theme=dark;JSESSIONID=victim"},
        new String[] {"Authorization", "Bearer victim"},
        new String[] {"authorization", "Basic dmljdGltOnB3"});
    for (String[] credential : credentials) {
      HttpResponse<byte[]> signedIn = get(path, credential);
      assertThat(text(signedIn)).as("%s: %s", credential[0], credential[1]).contains(AttackRoutes.SECRET_MARK);
    }
    RawHttp.Response twoCookieFields = raw().exchange(
        RawHttp.get(path, "Host: " + base().getAuthority(), "Cookie: theme=dark", "Cookie: JSESSIONID=victim"));
    HttpResponse<byte[]> anonymousAgain = get(path);

    assertThat(twoCookieFields.text()).contains(AttackRoutes.SECRET_MARK);
    assertThat(text(anonymous)).isEqualTo("please sign in render 1");
    assertThat(text(anonymousAgain)).isEqualTo(text(anonymous));
    within(() -> assertThat(cache().stats().rejections(RejectReason.AUTHORIZATION)).isEqualTo(credentials.size() + 1));
    assertThat(cache().stats().stores()).isEqualTo(1);
  }

  // --- 2. poisoning through inputs the key does not hold

  @Test
  default void unkeyedInputsNeverPoisonWhatACleanClientGets() throws Exception {
    serve();
    List<String[]> attacks = List.of(
        new String[] {"X-Forwarded-Host", EVIL},
        new String[] {"x-FORWARDED-host", EVIL},
        new String[] {"X-Forwarded-Proto", "evil"},
        new String[] {"X-Forwarded-Port", "6666"},
        new String[] {"X-Forwarded-Scheme", "evil"},
        new String[] {"Forwarded", "for=1.2.3.4;host=" + EVIL + ";proto=http"},
        new String[] {"X-Original-URL", "/evil-admin"},
        new String[] {"X-Rewrite-URL", "/evil-admin"},
        new String[] {"X-HTTP-Method-Override", "EVIL"});
    for (int i = 0; i < attacks.size(); i++) {
      String path = "/attack/links/" + i;
      HttpResponse<byte[]> poisoned = get(path, attacks.get(i));

      assertThat(text(poisoned).toLowerCase(Locale.ROOT)).as(attacks.get(i)[0]).containsAnyOf("evil", "6666");
      assertCleanTwice(path, attacks.get(i)[0]);
    }
    assertThat(cache().stats().bypasses(BypassReason.UNTRUSTED_FORWARDING)).isEqualTo(attacks.size());

    String host = "Host: " + base().getAuthority();
    for (List<String> hosts : List.of(List.of("Host: " + EVIL, host), List.of(host, "Host: " + EVIL))) {
      String path = "/attack/links/duplicate-host-" + hosts.indexOf(host);
      long invalidHosts = cache().stats().bypasses(BypassReason.INVALID_HOST);
      RawHttp.Response attack = raw().exchange(RawHttp.get(path, hosts.toArray(String[]::new)));

      // RFC 9112 §3.2: a server answers 400 to two Host fields; one that lets the request through still gets no
      // key from it: the cache bypasses the request, and the page is this request's own render.
      String what = String.join(", ", hosts);
      if (attack.status() == 400) {
        assertThat(app().renders(path)).as("renders after the server refused %s", what).isZero();
      } else {
        assertThat(attack.status()).as(what).isEqualTo(200);
        assertThat(attack.text()).as(what).endsWith(" render 1");
        assertThat(cache().stats().bypasses(BypassReason.INVALID_HOST)).as(what).isEqualTo(invalidHosts + 1);
      }
      assertCleanTwice(path, what);
    }

    String path = "/attack/links/absolute-form";
    RawHttp.Response absoluteForm = raw().exchange(
        "GET http://" + EVIL + path + " HTTP/1.1\r\n" + host + "\r\nConnection: close\r\n\r\n");

    // RFC 9112 §3.2.2: a server that takes an absolute-form target takes its host, not the Host field's; one that
    // refuses the mismatch answers 400. Either way the answer is no page stored for the clean host.
    if (absoluteForm.status() == 400) {
      assertThat(app().renders(path)).as("renders after the server refused an absolute-form target").isZero();
    } else {
      assertThat(absoluteForm.status()).isEqualTo(200);
      assertThat(absoluteForm.text()).endsWith(" render 1");
    }
    assertCleanTwice(path, "an absolute-form target");
  }

  // --- 3. web cache deception

  @Test
  default void webCacheDeceptionNeverStoresAnAccountPageForOthers() throws Exception {
    // The application's own "remember" cookie is named as private here; the default two are kept.
    serve(options -> options.privateCookies(Set.of("JSESSIONID", "SESSION", "remember")));
    List<String> deceptions = List.of(
        "/attack/account/settings.css",
        "/attack/account/x.js;.css",
        "/attack/account/x.js%3B.css",
        "/attack/account/avatar.png?v=1");
    for (String cookie : List.of("JSESSIONID=victim", "remember=victim")) {
      for (String url : deceptions) {
        HttpResponse<byte[]> victim = get(url, "Cookie", cookie);
        HttpResponse<byte[]> attacker = get(url);

        assertThat(text(victim)).as(url).contains(AttackRoutes.SECRET_MARK);
        assertThat(text(attacker)).as("%s after %s", url, cookie).doesNotContain(AttackRoutes.SECRET_MARK).doesNotContain("victim");
      }
    }
    within(() -> assertThat(cache().stats().rejections(RejectReason.AUTHORIZATION)).isEqualTo(2L * deceptions.size()));
  }

  // --- 4. CR/LF and control characters

  @Test
  default void crLfAndControlCharactersNeverSplitAResponse() throws Exception {
    serve();
    String host = "Host: " + base().getAuthority();
    List<String> reflected = List.of(
        "/attack/reflect/a%0d%0aX-Injected:%20yes%0d%0a%0d%0aHTTP/1.1%20200%20OK%0d%0aX-Smuggled:%201",
        "/attack/reflect/b%0aX-Injected:%20yes",
        "/attack/reflect/c%0dX-Injected:%20yes");
    for (String target : reflected) {
      // what the route echoes: its last path segment, percent-decoded
      String echoed = URLDecoder.decode(target.substring(target.lastIndexOf('/') + 1), StandardCharsets.ISO_8859_1);
      List<Integer> statuses = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        RawHttp.Response response = assertSingleCleanResponse(raw().exchangeUntilClosed(RawHttp.get(target, host)));
        statuses.add(response.status());
        if (response.status() == 200) {
          assertThat(response.text()).as(target).startsWith("echo " + echoed + " render ");
        }
      }
      // The server refuses the request (400), or the field the application set (500), or sends the field with
      // its CR and LF made spaces (200): never a split response, and never a stored one, so every answer the
      // server did not refuse at once is a render of its own.
      assertThat(statuses).as(target).allMatch(status -> status == 200 || status == 400 || status == 500);
      long refused = statuses.stream().filter(status -> status == 400).count();
      // (the application counts renders by the path as received, still percent-encoded)
      assertThat(app().renders(target)).as("renders of %s", target).isEqualTo(statuses.size() - refused);
    }
    String path = "/pages/raw-control";
    List<String> raw = List.of(
        "GET " + path + "?q=a\rX-Injected:%20yes HTTP/1.1\r\n" + host + "\r\nConnection: close\r\n\r\n",
        "GET " + path + "?q=a\u0000b HTTP/1.1\r\n" + host + "\r\nConnection: close\r\n\r\n",
        "GET " + path + "?q=a HTTP/1.1\r\n" + host + "\r\nX-Note: a\rX-Injected: yes\r\nConnection: close\r\n\r\n");
    for (String attack : raw) {
      RawHttp.Response response = assertSingleCleanResponse(raw().exchangeUntilClosed(attack));
      // RFC 9112 §2.2, §3.2: a server refuses such a request (400), or reads the CR as a space and serves the page.
      String shown = attack.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
      assertThat(response.status()).as(shown).isIn(200, 400);
      if (response.status() == 200) {
        assertThat(response.text()).as(shown).startsWith("page " + path + " render ");
      }
    }
  }

  @Test
  default void crLfAndControlCharactersNeverMakeTwoRequestsShareAKey() throws Exception {
    serve();
    String plain = "/pages/encoded-crlf?q=a";
    String injected = "/pages/encoded-crlf?q=a%0d%0aSet-Cookie:%20x=1";
    HttpResponse<byte[]> first = get(injected);
    awaitEveryMissReported();
    HttpResponse<byte[]> second = get(plain);
    awaitEveryMissReported();
    HttpResponse<byte[]> firstAgain = get(injected);
    HttpResponse<byte[]> secondAgain = get(plain);

    assertThat(text(first)).isEqualTo("page /pages/encoded-crlf render 1");
    assertThat(text(second)).isEqualTo("page /pages/encoded-crlf render 2");
    assertThat(firstAgain.body()).isEqualTo(first.body());
    assertThat(secondAgain.body()).isEqualTo(second.body());

    HttpResponse<byte[]> injectedPath = get("/pages/encoded-path%0d%0a");
    HttpResponse<byte[]> plainPath = get("/pages/encoded-path");
    assertThat(plainPath.statusCode()).isEqualTo(200);
    assertThat(plainPath.body()).isNotEqualTo(injectedPath.body());

    HttpResponse<byte[]> english = get("/vary", "Accept-Language", "en");
    awaitEveryMissReported();
    List<String> injections = List.of(
        "Accept-Language: fr\rX-Other: en",
        "Accept-Language: fr\r\n en",
        "Accept-Language: fr\u0000en");
    for (String injection : injections) {
      RawHttp.Response response = raw().exchange(RawHttp.get("/vary", "Host: " + base().getAuthority(), injection));
      // The server refuses the field (400), or the request is French and gets a French page, never the English.
      String shown = injection.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
      assertThat(response.status()).as(shown).isIn(200, 400);
      if (response.status() == 200) {
        assertThat(response.text()).as(shown).startsWith("page /vary render ").contains(" lang fr");
      }
    }
    assertThat(get("/vary", "Accept-Language", "en").body()).isEqualTo(english.body());
  }

  // --- 5. cache-busting flood

  @Test
  default void aCacheBustingFloodKeepsTheHotPageAndStaysWithinTheByteBound() throws Exception {
    HttpCache cache = serve(options -> options
        .maximumBytes(FLOOD_BOUND)
        .maximumEntryBytes(ByteSize.ofKilobytes(64))
        .recycleAfterRequests(Long.MAX_VALUE));
    PipelinedFlood flood = new PipelinedFlood(raw(), base().getAuthority());
    int hotEvery = 50;
    get("/pages/hot");
    awaitStores(1);

    int failed = flood.send(FLOOD_REQUESTS, index -> index % hotEvery == 0 ? "/pages/hot" : "/pages/flood?bust=" + index);
    awaitEveryMissStored(cache);
    long afterOneRound = RetainedHeap.of(cache);
    long hitsAfterOneRound = cache.stats().hits();
    failed += flood.send(FLOOD_REQUESTS, index -> index % hotEvery == 0 ? "/pages/hot" : "/pages/flood?again=" + index);
    awaitEveryMissStored(cache);
    long afterTwoRounds = RetainedHeap.of(cache);

    assertThat(failed).isZero();
    assertThat(app().renders("/pages/hot")).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1 + 2L * (FLOOD_REQUESTS - FLOOD_REQUESTS / hotEvery));
    assertThat(cache.stats().evictions() + cache.stats().rejections(RejectReason.RARELY_USED))
        .as("evicted, or not copied once the store was full").isPositive();
    assertThat(cache.stats().hits() - hitsAfterOneRound).isEqualTo(FLOOD_REQUESTS / hotEvery);
    assertThat(cache.stats().bytes()).isLessThanOrEqualTo(FLOOD_BOUND);
    long allowed = FLOOD_BOUND.bytes() + FIXED_OVERHEAD.bytes();
    assertThat(afterOneRound).as("retained bytes after %s requests", FLOOD_REQUESTS).isLessThanOrEqualTo(allowed);
    assertThat(afterTwoRounds).as("retained bytes after %s requests", 2 * FLOOD_REQUESTS).isLessThanOrEqualTo(allowed);
    assertThat(afterTwoRounds).as("growth from round one to two").isLessThanOrEqualTo(afterOneRound + FLOOD_BOUND.bytes() / 8);
  }

  // --- helpers

  /**
   * Waits until every miss was reported and stored, or not copied for being asked for once while the store
   * was full: each flood response is storable.
   */
  private static void awaitEveryMissStored(HttpCache cache) {
    within(() -> {
      CacheStats stats = cache.stats();
      assertThat(stats.stores() + stats.rejections(RejectReason.RARELY_USED)).isEqualTo(stats.misses());
    });
  }

  /** Asserts that two clean GETs of {@code path} show nothing {@code attack} injected. */
  private void assertCleanTwice(String path, String attack) throws Exception {
    for (int round = 0; round < 2; round++) {
      HttpResponse<byte[]> clean = get(path);
      assertThat(clean.statusCode()).as("after %s", attack).isEqualTo(200);
      assertThat(text(clean).toLowerCase(Locale.ROOT)).as("after %s", attack).doesNotContain("evil").doesNotContain("6666");
    }
  }

  /**
   * Asserts that {@code wire}, everything a server sent on a {@code Connection: close} exchange, is exactly one
   * response with no injected header line; returns it.
   */
  private static RawHttp.Response assertSingleCleanResponse(byte[] wire) throws IOException {
    assertThat(wire).as("the bytes of a response").isNotEmpty();
    ByteArrayInputStream in = new ByteArrayInputStream(wire);
    RawHttp.Response response = RawHttp.Response.read(in, false);
    String head = new String(wire, 0, headLength(wire), StandardCharsets.ISO_8859_1);

    assertThat(in.available()).as("bytes after the first response").isZero();
    assertThat(head.split("[\r\n]+")).as("header lines").noneMatch(line -> line.regionMatches(true, 0, "X-Injected", 0, 10)
        || line.regionMatches(true, 0, "X-Smuggled", 0, 10) || line.regionMatches(true, 0, "Set-Cookie", 0, 10));
    return response;
  }

  private static int headLength(byte[] wire) {
    for (int i = 0; i + 3 < wire.length; i++) {
      if (wire[i] == '\r' && wire[i + 1] == '\n' && wire[i + 2] == '\r' && wire[i + 3] == '\n') {
        return i;
      }
    }
    return wire.length;
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static void within(ThrowingRunnable assertion) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion);
  }
}
