package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetsTest {

  private static final Predicate<String> NOTHING_IGNORED = name -> false;

  // ---------------------------------------------------------------------------------------------------------
  // authority

  @ParameterizedTest
  @CsvSource({
    "http,  example.com,           example.com",
    "http,  EXAMPLE.Com,           example.com",
    "https, WWW.Example.COM:8443,  www.example.com:8443",
    "http,  sub-1.example_x.com~,  sub-1.example_x.com~",
    "http,  192.0.2.7,             192.0.2.7",
    "http,  192.0.2.7:8080,        192.0.2.7:8080",
    "http,  localhost:1,           localhost:1",
    "http,  localhost:65535,       localhost:65535"
  })
  void authorityIsLowerCasedAndOtherwiseKept(String scheme, String authority, String normalized) {
    assertThat(RequestTargets.normalizeAuthority(scheme, authority)).contains(normalized);
  }

  @ParameterizedTest
  @CsvSource({
    "http,  example.com:80,   example.com",
    "https, example.com:443,  example.com",
    "http,  example.com:443,  example.com:443",
    "https, example.com:80,   example.com:80",
    "http,  example.com:8080, example.com:8080",
    "https, example.com:8443, example.com:8443"
  })
  void defaultPortIsDroppedOnlyForItsScheme(String scheme, String authority, String normalized) {
    assertThat(RequestTargets.normalizeAuthority(scheme, authority)).contains(normalized);
  }

  @ParameterizedTest
  @CsvSource({
    "http,  [::1],                 [::1]",
    "http,  [::1]:80,              [::1]",
    "https, [::1]:443,             [::1]",
    "http,  [::1]:8080,            [::1]:8080",
    "https, [2001:DB8::A:1]:8443,  [2001:db8::a:1]:8443",
    "http,  [::ffff:192.0.2.7],    [::ffff:192.0.2.7]"
  })
  void ipv6LiteralIsAcceptedInBrackets(String scheme, String authority, String normalized) {
    assertThat(RequestTargets.normalizeAuthority(scheme, authority)).contains(normalized);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1", "[::1]x", "[::1]:", "[]", "[::g]", "[fe80::1%25eth0]", "::1", "[::1]:0",
    "[::1]:65536", "[::1]]"})
  void malformedIpv6LiteralIsRejected(String authority) {
    assertThat(RequestTargets.normalizeAuthority("http", authority)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@b", "user@example.com", "user:pass@example.com:80", "@example.com"})
  void userInfoIsRejected(String authority) {
    assertThat(RequestTargets.normalizeAuthority("http", authority)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com:0", "example.com:00000", "example.com:65536", "example.com:99999",
    "example.com:123456", "example.com:8o", "example.com:-1", "example.com:+80", "example.com: 80",
    "example.com:80:80", "example.com:0x50", "example.com:\u0668\u0660"})
  void portOutsideOneTo65535OrNotDigitsIsRejected(String authority) {
    assertThat(RequestTargets.normalizeAuthority("http", authority)).isEmpty();
  }

  @Test
  void emptyAuthorityIsRejected() {
    assertThat(RequestTargets.normalizeAuthority("http", "")).isEmpty();
    assertThat(RequestTargets.normalizeAuthority("http", ":80")).isEmpty();
  }

  @Test
  void trailingColonIsRejected() {
    assertThat(RequestTargets.normalizeAuthority("http", "example.com:")).isEmpty();
    assertThat(RequestTargets.normalizeAuthority("https", "example.com:")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"exa mple.com", "example.com/", "example.com/path", "example.com?x", "example.com#x",
    "ex\u00e4mple.com", "example.com\r\n", "example.com\u0000", "example.com,evil.example", "%65xample.com",
    " example.com"})
  void strayCharacterInTheHostIsRejected(String authority) {
    assertThat(RequestTargets.normalizeAuthority("http", authority)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "example.com,       example.com",
    "example.com:8080,  example.com",
    "[::1],             [::1]",
    "[::1]:8080,        [::1]"
  })
  void hostNameDropsThePort(String normalizedAuthority, String hostName) {
    assertThat(RequestTargets.hostName(normalizedAuthority)).isEqualTo(hostName);
  }

  // ---------------------------------------------------------------------------------------------------------
  // path and query

  @ParameterizedTest
  @ValueSource(strings = {"/", "/a/b", "/a%2Fb", "/a%2fb%20c", "/~user/!$&'()*+,;=:@", "//double"})
  void originFormPathIsValid(String path) {
    assertThat(RequestTargets.isValidPath(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "*", "http://example.com/", "/a b", "/a\rb", "/a\nb", "/a\r\nb", "/a\u0000b",
    "/a\u007fb", "/a\tb", "/a#b", "/caf\u00e9", "/\u2028", "/a\u001fb"})
  void pathWithSpaceControlCharacterHashOrNonAsciiIsInvalid(String path) {
    assertThat(RequestTargets.isValidPath(path)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a=1", "a=1&b=%2F", "a=%20&b=+&c=/?:@!$'()*,;", "&&", "=", "a[]=1"})
  void visibleAsciiQueryIsValid(String query) {
    assertThat(RequestTargets.isValidQuery(query)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=1 2", "a=\r", "a=\n", "a=\u0000", "a=\u007f", "a=1#frag", "q=\u00e9", "a=\t"})
  void queryWithSpaceControlCharacterHashOrNonAsciiIsInvalid(String query) {
    assertThat(RequestTargets.isValidQuery(query)).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------
  // query normalization

  @ParameterizedTest
  @ValueSource(strings = {"", "b=2&a=1", "b=2&a=1&&c&", "a=%41&a=%61", "&"})
  void queryIsReturnedAsIsWithoutSortingOrIgnoring(String query) {
    assertThat(RequestTargets.normalizeQuery(query, false, NOTHING_IGNORED)).isEqualTo(query);
  }

  @Test
  void sortingOrdersParametersByName() {
    assertThat(RequestTargets.normalizeQuery("c=3&a=1&b=2", true, NOTHING_IGNORED)).isEqualTo("a=1&b=2&c=3");
    assertThat(RequestTargets.normalizeQuery("b&a=1", true, NOTHING_IGNORED)).isEqualTo("a=1&b");
  }

  @Test
  void sortingIsStableForRepeatedNames() {
    assertThat(RequestTargets.normalizeQuery("b=1&a=2&b=0&a=1&a=3", true, NOTHING_IGNORED))
        .isEqualTo("a=2&a=1&a=3&b=1&b=0");
    assertThat(RequestTargets.normalizeQuery("x=z&x=a", true, NOTHING_IGNORED)).isEqualTo("x=z&x=a");
  }

  @Test
  void sortingComparesRawNamesWithoutDecoding() {
    // '%' (0x25) sorts before 'a': the name is compared as received, never decoded.
    assertThat(RequestTargets.normalizeQuery("a=1&%61=2", true, NOTHING_IGNORED)).isEqualTo("%61=2&a=1");
  }

  @Test
  void sortingDropsEmptyParameters() {
    assertThat(RequestTargets.normalizeQuery("b=1&&a=1&", true, NOTHING_IGNORED)).isEqualTo("a=1&b=1");
  }

  @Test
  void ignoredParametersAreRemovedAndTheRestKeepTheirOrder() {
    Predicate<String> tracking = name -> name.startsWith("utm_") || name.equals("fbclid");

    assertThat(RequestTargets.normalizeQuery("utm_source=x&b=2&fbclid=y&a=1&utm_medium", false, tracking))
        .isEqualTo("b=2&a=1");
    assertThat(RequestTargets.normalizeQuery("utm_source=x&b=2&a=1", true, tracking)).isEqualTo("a=1&b=2");
    assertThat(RequestTargets.normalizeQuery("utm_source=x", false, tracking)).isEmpty();
    assertThat(RequestTargets.normalizeQuery("utm%5Fsource=x&fbclidx=1", false, tracking))
        .isEqualTo("utm%5Fsource=x&fbclidx=1");
  }

  @Test
  void ignorePredicateSeesEachRawParameterName() {
    List<String> seen = new ArrayList<>();

    RequestTargets.normalizeQuery("a=1=2&b&%63=3&=4", false, name -> {
      seen.add(name);
      return false;
    });

    assertThat(seen).containsExactly("a", "b", "%63", "");
  }
}
