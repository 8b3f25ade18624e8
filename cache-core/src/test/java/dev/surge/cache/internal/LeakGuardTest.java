package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheRequest;
import dev.surge.cache.TestRequests;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeakGuardTest {

  private static final long SEED = Long.getLong("surge.test.seed", 20261126L);
  private static final int CASES = Integer.getInteger("surge.test.cases", 2000);

  private static Optional<LeakedCredential> find(CacheRequest request, String body) {
    return LeakGuard.find(request, body.getBytes(StandardCharsets.UTF_8));
  }

  private static LeakedCredential cookie(String name) {
    return LeakedCredential.cookieNamed(name);
  }

  @Test
  void requestWithoutCookiesOrAuthorizationFindsNothing() {
    CacheRequest request = TestRequests.get("/a").header("Accept", "text/html").header("X-Token", "abcdefghijkl").build();

    assertThat(find(request, "<p>abcdefghijkl text/html</p>")).isEmpty();
  }

  @Test
  void echoedCookieValueIsFoundAndNamedWhateverTheCookieIsCalled() {
    CacheRequest request = TestRequests.get("/a")
        .header("Cookie", "lang=en; remember_me=9f2c4e7a1b3d5f60; theme=dark-mode-high-contrast").build();

    assertThat(find(request, "<input type=hidden value=\"9f2c4e7a1b3d5f60\">")).contains(cookie("remember_me"));
    assertThat(find(request, "<body class=\"dark-mode-high-contrast\">")).contains(cookie("theme"));
  }

  @Test
  void cookieValueNotInTheBodyIsNotFound() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "remember_me=9f2c4e7a1b3d5f60").build();

    assertThat(find(request, "<p>welcome, 9f2c4e7a1b3d5f6 (one character short)</p>")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "1234567", "en-US", "\"1234567\""})
  void valuesShorterThanEightCharactersNeverCount(String value) {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "c=" + value).build();
    String unquoted = value.replace("\"", "");

    assertThat(find(request, "<p>" + unquoted + " " + value + " ab cdef</p>")).isEmpty();
  }

  @Test
  void decodedFormShorterThanEightCharactersDoesNotCount() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "c=ab%20cdef").build();

    assertThat(find(request, "<p>ab cdef</p>")).isEmpty();
    assertThat(find(request, "<p>ab%20cdef</p>")).contains(cookie("c"));
  }

  @Test
  void eightCharacterValueCounts() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "c=12345678").build();

    assertThat(find(request, "<p>12345678</p>")).contains(cookie("c"));
  }

  @Test
  void quotedCookieValueIsFoundWithoutItsQuotes() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "token=\"q8Wz3kPx77\"").build();

    assertThat(find(request, "token: q8Wz3kPx77")).contains(cookie("token"));
  }

  @Test
  void percentEncodedValueIsFoundDecodedAndAsSent() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "auth_token=user%40example.com%7C8231").build();

    assertThat(find(request, "<p>user@example.com|8231</p>")).contains(cookie("auth_token"));
    assertThat(find(request, "<a href=\"?t=user%40example.com%7C8231\">")).contains(cookie("auth_token"));
    assertThat(find(request, "<p>user@example.org|8231</p>")).isEmpty();
  }

  @Test
  void escapedValueIsFoundThroughItsLongestPlainRun() {
    CacheRequest base64 = TestRequests.get("/a").header("Cookie", "remember=Zx9+Qw2Lm8Rt7/Yp3==").build();
    CacheRequest markup = TestRequests.get("/a").header("Cookie", "remember=a<b>c&Secret-9876'x").build();

    assertThat(find(base64, "{\"remember\":\"Zx9+Qw2Lm8Rt7\\/Yp3\\u003d\\u003d\"}")).contains(cookie("remember"));
    assertThat(find(markup, "<p>a&lt;b&gt;c&amp;Secret-9876&#39;x</p>")).contains(cookie("remember"));
  }

  @Test
  void valueWithoutALongPlainRunIsFoundVerbatimOnly() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "p=a<b>c&d'e\"f").build();

    assertThat(find(request, "<p>a<b>c&d'e\"f</p>")).contains(cookie("p"));
    assertThat(find(request, "<p>a&lt;b&gt;c&amp;d&#39;e&quot;f</p>")).isEmpty();
  }

  @Test
  void cookieWithoutANameIsReportedWithAnEmptyName() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "a=1; 0123456789abcdef").build();

    assertThat(find(request, "0123456789abcdef")).contains(cookie(""));
  }

  @Test
  void cookiesAreSplitOnCommasAsWellAsSemicolons() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "a=x, rm=abc/def+ghi=").build();

    assertThat(find(request, "token abc/def+ghi= here")).contains(cookie("rm"));
  }

  @Test
  void aRepeatedValueIsSearchedForOnce() {
    StringBuilder cookies = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      cookies.append("c").append(i).append("=same-value-each-time; ");
    }
    CacheRequest request = TestRequests.get("/a").header("Cookie", cookies.toString()).build();

    assertThat(find(request, "a page without it")).isEmpty();
  }

  @Test
  void moreValuesThanTheSearchBudgetCountAsALeakWithoutSearching() {
    StringBuilder cookies = new StringBuilder();
    for (int i = 0; i <= LeakGuard.MAXIMUM_SEARCHES; i++) {
      cookies.append("c").append(i).append("=value-number-").append(i).append("; ");
    }
    CacheRequest request = TestRequests.get("/a").header("Cookie", cookies.toString()).build();

    assertThat(find(request, "a page holding none of them")).hasValueSatisfying(leak ->
        assertThat(leak.describe()).contains("more than " + LeakGuard.MAXIMUM_SEARCHES));
  }

  @Test
  void everyCookieFieldIsSearchedAsHttp2SendsThemApart() {
    CacheRequest request = TestRequests.get("/a")
        .header("Cookie", "a=1").header("Cookie", "second_field=kT5vQ9mW2xZ7").build();

    assertThat(find(request, "kT5vQ9mW2xZ7")).contains(cookie("second_field"));
  }

  @Test
  void nonAsciiValueIsFoundAsItsUtf8Bytes() {
    CacheRequest request = TestRequests.get("/a").header("Cookie", "name=Jürgen-Müller-Straße").build();

    assertThat(find(request, "<p>Hello Jürgen-Müller-Straße</p>")).contains(cookie("name"));
  }

  @Test
  void bearerTokenIsFoundAsTheAuthorizationHeader() {
    CacheRequest request = TestRequests.get("/a").header("Authorization", "Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl").build();

    assertThat(find(request, "var token = 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl';"))
        .contains(LeakedCredential.header("Authorization"));
    assertThat(find(request, "Bearer tokens are accepted here")).isEmpty();
  }

  @Test
  void basicBlobAndDecodedPasswordAreFound() {
    String blob = Base64.getEncoder().encodeToString("alice:correct horse battery".getBytes(StandardCharsets.UTF_8));
    CacheRequest request = TestRequests.get("/a").header("Authorization", "Basic " + blob).build();

    assertThat(find(request, "debug: " + blob)).contains(LeakedCredential.header("Authorization"));
    assertThat(find(request, "your password is correct horse battery"))
        .contains(LeakedCredential.header("Authorization"));
    assertThat(find(request, "hello alice")).isEmpty();
  }

  @Test
  void shortBasicPasswordIsNotSearched() {
    String blob = Base64.getEncoder().encodeToString("alice:hunter2".getBytes(StandardCharsets.UTF_8));
    CacheRequest request = TestRequests.get("/a").header("Authorization", "basic " + blob).build();

    assertThat(find(request, "a hunter2 and a hunter3")).isEmpty();
  }

  @Test
  void proxyAuthorizationIsSearchedToo() {
    CacheRequest request = TestRequests.get("/a").header("Proxy-Authorization", "Bearer pr0xy-t0ken-42").build();

    assertThat(find(request, "pr0xy-t0ken-42")).contains(LeakedCredential.header("Proxy-Authorization"));
  }

  @Test
  void authorizationWithoutSchemeIsSearchedWhole() {
    CacheRequest request = TestRequests.get("/a").header("Authorization", "sk_live_51Habc").build();

    assertThat(find(request, "key sk_live_51Habc")).contains(LeakedCredential.header("Authorization"));
  }

  @Test
  void describedNameCannotForgeLogLines() {
    assertThat(cookie("remember_me").describe()).isEqualTo("cookie \"remember_me\"");
    assertThat(cookie("evil\nWARN forged {}").describe()).isEqualTo("cookie \"evil?WARN?forged???\"");
    assertThat(cookie("x".repeat(100)).describe()).isEqualTo("cookie \"" + "x".repeat(64) + "...\"");
    assertThat(LeakedCredential.header("Authorization").describe()).isEqualTo("header Authorization");
  }

  /**
   * Seeded generated inputs: requests with up to four cookies and maybe a bearer token, whose values mix
   * cookie characters and {@code %XX} escapes, and bodies of bytes no value holds (spaces and bytes above
   * 127) into which one credential is embedded as sent, percent-decoded, or not at all. A credential is found
   * exactly when its embedded text and its value as sent both have at least 8 characters: no false negative
   * for long values, no false positive for short ones. Reproduce with {@code -Dsurge.test.seed=...}.
   */
  @Test
  void generatedCredentialsAreFoundExactlyWhenLongEnoughAndEmbedded() {
    Random random = new Random(SEED);
    for (int index = 0; index < CASES; index++) {
      TestRequests.Builder request = TestRequests.get("/generated");
      List<String> values = new ArrayList<>();
      List<LeakedCredential> credentials = new ArrayList<>();
      List<String> pairs = new ArrayList<>();
      int cookies = 1 + random.nextInt(4);
      for (int i = 0; i < cookies; i++) {
        String value = randomValue(random);
        values.add(value);
        credentials.add(cookie("c" + i));
        pairs.add("c" + i + "=" + value);
      }
      request.header("Cookie", String.join("; ", pairs));
      if (random.nextBoolean()) {
        String token = randomValue(random);
        values.add(token);
        credentials.add(LeakedCredential.header("Authorization"));
        request.header("Authorization", "Bearer " + token);
      }
      int embedded = random.nextInt(values.size() + 1); // values.size(): nothing embedded
      String sent = embedded < values.size() ? values.get(embedded) : "";
      boolean decodedForm = random.nextBoolean();
      String text = decodedForm ? percentDecoded(sent) : sent;
      byte[] body = bodyAround(random, text);

      Optional<LeakedCredential> found = LeakGuard.find(request.build(), body);

      String described = "seed " + SEED + " case " + index + ": values " + values + ", embedded '" + text + "'";
      if (embedded < values.size() && sent.length() >= 8 && text.length() >= 8) {
        assertThat(found).as(described).contains(credentials.get(embedded));
      } else {
        assertThat(found).as(described).isEmpty();
      }
    }
  }

  private static final String COOKIE_CHARACTERS =
      "!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

  /** 1 to 24 cookie characters, a fifth of them {@code %XX} escapes of printable ASCII. */
  private static String randomValue(Random random) {
    int length = 1 + random.nextInt(24);
    StringBuilder value = new StringBuilder();
    while (value.length() < length) {
      if (random.nextInt(5) == 0) {
        value.append(URLEncoder.encode(String.valueOf(COOKIE_CHARACTERS.charAt(random.nextInt(COOKIE_CHARACTERS.length()))),
            StandardCharsets.UTF_8).replace("+", "%2B"));
      } else {
        value.append(COOKIE_CHARACTERS.charAt(random.nextInt(COOKIE_CHARACTERS.length())));
      }
    }
    return value.toString();
  }

  private static String percentDecoded(String value) {
    StringBuilder decoded = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '%' && i + 2 < value.length()
          && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
        decoded.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        decoded.append(value.charAt(i));
      }
    }
    return decoded.toString();
  }

  /** Up to 2 KB of spaces, newlines and bytes above 127, with {@code text} somewhere inside. */
  private static byte[] bodyAround(Random random, String text) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeFiller(random, body, random.nextInt(1024));
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    writeFiller(random, body, random.nextInt(1024));
    return body.toByteArray();
  }

  private static void writeFiller(Random random, ByteArrayOutputStream body, int length) {
    for (int i = 0; i < length; i++) {
      body.write(random.nextInt(4) == 0 ? ' ' : 0x80 + random.nextInt(128));
    }
  }
}
