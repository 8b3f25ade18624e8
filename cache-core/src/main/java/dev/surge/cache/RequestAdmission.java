package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Miss;
import dev.surge.cache.internal.CacheControl;
import dev.surge.cache.internal.DeltaSeconds;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which requests may use the cache at all, and under which key: the method, request {@code no-store},
 * preconditions, a body, forwarding and override fields that are neither trusted nor ignored, and the target
 * (see {@link ResourceKeys}) decide admission; trusted forwarding fields and the fields a stored {@code Vary}
 * names select the key; a key longer than the maximum is refused. Also whether a request carries credentials.
 * Pure and thread-safe.
 */
final class RequestAdmission {

  private static final ImmutableSet<String> OVERRIDE_HEADERS =
      ImmutableSet.of(
          "forwarded",
          "x-original-url",
          "x-rewrite-url",
          "x-original-uri",
          "x-original-host",
          "x-host",
          "x-http-method-override",
          "x-http-method",
          "x-method-override",
          "x-real-ip");
  /** Forwarding fields that name only the client's address, never the scheme, host, port or path. */
  private static final ImmutableSet<String> CLIENT_ADDRESS_HEADERS = ImmutableSet.of("x-forwarded-for", "x-real-ip");
  /**
   * Splits a {@code Cookie} field into cookies: on {@code ;}, and on {@code ,} too, which no cookie value may
   * hold (RFC 6265 §4.1.1) but which old cookie modes of some servers take as a separator.
   */
  private static final Splitter COOKIE_SEPARATORS =
      Splitter.on(CharMatcher.anyOf(";,")).trimResults().omitEmptyStrings();
  private static final String HEAD = "HEAD";
  private static final String GET = "GET";

  private final ResourceKeys resourceKeys;
  private final Set<String> trustedForwardingHeaders;
  private final Set<String> ignoredRequestHeaders;
  private final int maximumKeyLength;
  private final Set<String> privateCookies;

  RequestAdmission(HttpCache.Builder settings, ResourceKeys resourceKeys) {
    this.resourceKeys = resourceKeys;
    this.trustedForwardingHeaders = ResourceKeys.lowerCase(settings.trustedForwardingHeaders);
    this.ignoredRequestHeaders = ResourceKeys.lowerCase(settings.ignoredRequestHeaders);
    this.maximumKeyLength = settings.maximumKeyLength;
    this.privateCookies = Set.copyOf(settings.privateCookies);
  }

  /** See {@link CachePolicy#admit(CacheRequest)}. */
  RequestDecision admit(CacheRequest request) {
    String method = request.method();
    if (!GET.equals(method) && !HEAD.equals(method)) {
      return new Bypass(BypassReason.METHOD);
    }
    if (CacheControl.parse(request.headers("cache-control")).noStore()) {
      return new Bypass(BypassReason.REQUEST_NO_STORE);
    }
    if (has(request, "if-match") || has(request, "if-unmodified-since") || has(request, "if-range")) {
      return new Bypass(BypassReason.PRECONDITION);
    }
    if (hasBody(request)) {
      return new Bypass(BypassReason.REQUEST_BODY);
    }
    if (hasUntrustedForwarding(request) || (request.rewrittenInFront() && !keysForwarding(request))) {
      return new Bypass(BypassReason.UNTRUSTED_FORWARDING);
    }
    RequestDecision target = resourceKeys.target(request);
    if (!(target instanceof Miss resource)) {
      return target;
    }
    Map<String, String> trusted = selectedHeaders(request, trustedForwardingHeaders);
    Miss primary = trusted.isEmpty() ? resource : new Miss(withHeaders(resource.key(), trusted));
    if (primary.key().length() > maximumKeyLength) {
      return new Bypass(BypassReason.KEY_TOO_LONG);
    }
    return primary;
  }

  /** See {@link CachePolicy#variantKey(CacheKey, List, CacheRequest)}. */
  Optional<CacheKey> variantKey(CacheKey primary, List<String> varyNames, CacheRequest request) {
    if (varyNames.isEmpty()) {
      return Optional.of(primary);
    }
    Map<String, String> selection = new TreeMap<>(primary.headers());
    selection.putAll(selectedHeaders(request, varyNames));
    CacheKey variant = withHeaders(primary, selection);
    return variant.length() > maximumKeyLength ? Optional.empty() : Optional.of(variant);
  }

  /** See {@link CachePolicy#carriesCredentials(CacheRequest)}. */
  boolean carriesCredentials(CacheRequest request) {
    if (has(request, "authorization")) {
      return true;
    }
    List<String> cookieFields = privateCookies.isEmpty() ? List.of() : request.headers("cookie");
    if (cookieFields.isEmpty()) {
      return false;
    }
    for (String header : cookieFields) {
      for (String cookie : COOKIE_SEPARATORS.split(header)) {
        int equals = cookie.indexOf('=');
        if (privateCookies.contains(equals < 0 ? cookie : cookie.substring(0, equals).trim())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code request} has the field {@code lowerCaseName}. */
  static boolean has(CacheRequest request, String lowerCaseName) {
    return !request.headers(lowerCaseName).isEmpty();
  }

  private boolean hasUntrustedForwarding(CacheRequest request) {
    for (String name : request.headerNames()) {
      Optional<String> forwarding = forwardingName(name);
      if (forwarding.isPresent() && !trustedForwardingHeaders.contains(forwarding.get())
          && !ignoredRequestHeaders.contains(forwarding.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the key of a request that a layer in front rewrote holds what the rewrite was made from: the
   * request carries a trusted forwarding header, and no ignored one that layer may have read its scheme, host,
   * port or path from (an ignored field naming only the client's address cannot have changed those).
   */
  private boolean keysForwarding(CacheRequest request) {
    boolean trusted = false;
    for (String name : request.headerNames()) {
      Optional<String> forwarding = forwardingName(name);
      if (forwarding.isPresent() && ignoredRequestHeaders.contains(forwarding.get())
          && !CLIENT_ADDRESS_HEADERS.contains(forwarding.get())) {
        return false;
      }
      trusted |= forwarding.isPresent() && trustedForwardingHeaders.contains(forwarding.get());
    }
    return trusted;
  }

  /** The lower-case form of {@code name} when it is a forwarding or override field. */
  private static Optional<String> forwardingName(String name) {
    // Every forwarding or override field is "Forwarded" or starts "X-": no lower-case copy of the others.
    if (!name.regionMatches(true, 0, "x-", 0, 2) && !name.equalsIgnoreCase("forwarded")) {
      return Optional.empty();
    }
    String lower = Ascii.toLowerCase(name);
    boolean forwarding = lower.startsWith("x-forwarded-") || OVERRIDE_HEADERS.contains(lower);
    return forwarding ? Optional.of(lower) : Optional.empty();
  }

  /**
   * Whether the request says it carries a body: a {@code Transfer-Encoding}, or a {@code Content-Length} that
   * is not zero (an invalid or repeated one counts as a body).
   */
  private static boolean hasBody(CacheRequest request) {
    if (has(request, "transfer-encoding")) {
      return true;
    }
    for (String length : request.headers("content-length")) {
      OptionalLong declared = DeltaSeconds.parse(length);
      if (declared.isEmpty() || declared.getAsLong() != 0) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> selectedHeaders(CacheRequest request, Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, String> selected = new TreeMap<>();
    for (String name : names) {
      List<String> values = request.headers(name);
      if (!values.isEmpty()) {
        selected.put(Ascii.toLowerCase(name), String.join(", ", values));
      }
    }
    return selected;
  }

  private static CacheKey withHeaders(CacheKey key, Map<String, String> headers) {
    return new CacheKey(key.method(), key.scheme(), key.host(), key.path(), key.query(), headers);
  }
}
