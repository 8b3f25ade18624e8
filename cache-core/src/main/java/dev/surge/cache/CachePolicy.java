package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Hit;
import dev.surge.cache.RequestDecision.Miss;
import dev.surge.cache.RequestDecision.NotModified;
import dev.surge.cache.RequestDecision.Revalidate;
import dev.surge.cache.RequestDecision.Stale;
import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import dev.surge.cache.internal.CacheControl;
import dev.surge.cache.internal.CacheStatusField;
import dev.surge.cache.internal.ContentHash;
import dev.surge.cache.internal.DeltaSeconds;
import dev.surge.cache.internal.EntityTag;
import dev.surge.cache.internal.EntityTagCondition;
import dev.surge.cache.internal.Freshness;
import dev.surge.cache.internal.HttpDates;
import dev.surge.cache.internal.LeakGuard;
import dev.surge.cache.internal.LeakWarnings;
import dev.surge.cache.internal.LeakedCredential;
import dev.surge.cache.internal.RequestTargets;
import dev.surge.cache.internal.Revalidation;
import dev.surge.cache.internal.VaryHeader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The pure decisions of the cache: whether a request may use it, what a stored entry answers, and whether a
 * finished response may be stored and for how long. No method here reads a clock or touches a store, and
 * none has side effects but the leak guard's rate-limited warning: time and the stored entry are arguments,
 * so each rule can be tested on its own.
 *
 * <p>The rules (HTTP semantics from RFC 9110 and 9111, made stricter where a shared cache in front of an
 * application could otherwise leak or be poisoned):
 *
 * <ul>
 *   <li>Only GET and HEAD use the cache; HEAD is answered from the GET entry and never stored.
 *   <li>A request with {@code Cache-Control: no-store}, with {@code If-Match}, {@code If-Unmodified-Since} or
 *       {@code If-Range}, with a body ({@code Content-Length} above zero or {@code Transfer-Encoding}), with
 *       an invalid or repeated host or an invalid target, or with a forwarding or override header ({@code
 *       X-Forwarded-*}, {@code Forwarded}, {@code X-Original-URL}, ...) that is neither trusted (then it is
 *       part of the key) nor declared ignored, bypasses the cache; so does a request that a layer in front
 *       of the application rewrote ({@link CacheRequest#rewrittenInFront()}) unless it carries trusted
 *       forwarding headers and no ignored one.
 *   <li>A request with credentials ({@code Authorization}, or a cookie named by {@code privateCookies},
 *       {@code JSESSIONID} and {@code SESSION} by default) is served only entries whose response said
 *       {@code public} or {@code s-maxage}, and its own response is stored only if it says so.
 *   <li>A response is stored only when it completed, has a cacheable status, no {@code Set-Cookie}, no
 *       {@code private}, {@code no-store} or {@code no-cache} naming fields, no {@code Vary: *}, fits the
 *       entry size, and is fresh for more than zero seconds: {@code s-maxage}, else {@code max-age}, else
 *       {@code Expires} minus {@code Date}, else the default TTL, never more than the maximum TTL, and that
 *       lifetime exceeds the age it arrived with (the larger of its {@code Age} and the time since its {@code
 *       Date}).
 *   <li>Revalidation (RFC 9111 §4.3), unless its window is zero: a response with its origin's {@code ETag} or
 *       {@code Last-Modified} is stored even when it is not fresh or says bare {@code no-cache} (then it is
 *       fresh for zero seconds), and kept past its freshness for the revalidation window; once stale it is
 *       never served before the application answers its conditional fields with a {@code 304}.
 *   <li>With the leak guard on (the default), a response is not stored when its body holds the value (at
 *       least 8 characters) of a cookie, or of the {@code Authorization} or {@code Proxy-Authorization}
 *       credentials, of the request that rendered it (see {@link LeakGuard} for what is found); a warning
 *       names the cookie or header and the path, never the value.
 *   <li>Request {@code Cache-Control: no-cache} and {@code max-age=0} are ignored on purpose: honouring them
 *       would let any client force renders during a surge. Request {@code no-store} is honoured.
 * </ul>
 *
 * <p>Request fields are asked for by their lower-case names (the form HTTP/2 uses), so that a request view
 * that keeps names in lower case answers each question without converting the name.
 *
 * <p>Instances are thread-safe and their rules are fixed when the cache is built; get one from {@link
 * HttpCache#policy()}.
 */
public final class CachePolicy {

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
  private static final ImmutableSet<String> HOP_BY_HOP =
      ImmutableSet.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final ImmutableSet<String> RECOMPUTED = ImmutableSet.of("age", "content-length");
  private static final Splitter COMMA = Splitter.on(',').trimResults().omitEmptyStrings();
  /**
   * Splits a {@code Cookie} field into cookies: on {@code ;}, and on {@code ,} too, which no cookie value may
   * hold (RFC 6265 §4.1.1) but which old cookie modes of some servers take as a separator.
   */
  private static final Splitter COOKIE_SEPARATORS =
      Splitter.on(CharMatcher.anyOf(";,")).trimResults().omitEmptyStrings();
  private static final Splitter TAG_SEPARATORS =
      Splitter.on(CharMatcher.anyOf(" ,\t")).trimResults().omitEmptyStrings();
  private static final String HEAD = "HEAD";
  private static final String GET = "GET";

  private final Set<Integer> cacheableStatuses;
  private final Freshness freshness;
  private final Duration revalidationWindow;
  private final long maximumEntryBytes;
  private final Set<String> allowedHosts;
  private final Set<String> trustedForwardingHeaders;
  private final Set<String> ignoredRequestHeaders;
  private final boolean sortQueryParameters;
  private final Predicate<String> ignoredQueryParameter;
  private final boolean normalizesQuery;
  private final int maximumKeyLength;
  private final boolean generateEtags;
  private final String tagHeader;
  /** Response fields never stored: hop-by-hop, recomputed on every answer, or the cache's own. */
  private final Set<String> droppedFields;
  private final Set<String> privateCookies;
  private final boolean leakGuard;
  private final LeakWarnings leakWarnings = new LeakWarnings();

  CachePolicy(HttpCache.Builder settings) {
    this.cacheableStatuses = Set.copyOf(settings.cacheableStatuses);
    this.freshness = new Freshness(
        settings.defaultTtl, settings.maximumTtl, settings.staleWhileRevalidate, settings.staleIfError);
    this.revalidationWindow = settings.revalidationWindow;
    this.maximumEntryBytes = settings.maximumEntryBytes.bytes();
    this.allowedHosts = lowerCase(settings.allowedHosts);
    this.trustedForwardingHeaders = lowerCase(settings.trustedForwardingHeaders);
    this.ignoredRequestHeaders = lowerCase(settings.ignoredRequestHeaders);
    this.sortQueryParameters = settings.sortQueryParameters;
    this.ignoredQueryParameter = globs(settings.ignoredQueryParameters);
    this.normalizesQuery = sortQueryParameters || !settings.ignoredQueryParameters.isEmpty();
    this.maximumKeyLength = settings.maximumKeyLength;
    this.generateEtags = settings.generateEtags;
    this.tagHeader = settings.tagHeader;
    this.droppedFields = ImmutableSet.<String>builder().addAll(HOP_BY_HOP).addAll(RECOMPUTED)
        .add(Ascii.toLowerCase(CacheStatusField.NAME), Ascii.toLowerCase(settings.tagHeader)).build();
    this.privateCookies = Set.copyOf(settings.privateCookies);
    this.leakGuard = settings.leakGuard;
  }

  /**
   * The first decision for a request: {@link Bypass} when the request must not use the cache at all, or
   * {@link Miss} with the primary key (no variant selection yet) under which to look up.
   */
  public RequestDecision admit(CacheRequest request) {
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
    RequestDecision target = target(request);
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

  /**
   * The key of the variant {@code request} selects under {@code primary}, given the header names of the
   * stored response's {@code Vary}; empty when that key would exceed the maximum key length.
   */
  public Optional<CacheKey> variantKey(CacheKey primary, List<String> varyNames, CacheRequest request) {
    if (varyNames.isEmpty()) {
      return Optional.of(primary);
    }
    Map<String, String> selection = new TreeMap<>(primary.headers());
    selection.putAll(selectedHeaders(request, varyNames));
    CacheKey variant = withHeaders(primary, selection);
    return variant.length() > maximumKeyLength ? Optional.empty() : Optional.of(variant);
  }

  /**
   * What a stored entry (or its absence) answers for {@code request} at {@code now}: a {@link Hit}, a
   * {@link NotModified}, a {@link Stale} when the entry is stale but inside its {@code stale-while-revalidate}
   * window, a {@link Revalidate} when it is stale but may be revalidated (a GET without {@code Range}), or a
   * {@link Miss} under {@code key} when nothing usable is stored.
   */
  public RequestDecision onLookup(
      Instant now, CacheRequest request, CacheKey key, Optional<CachedResponse> stored) {
    if (stored.isEmpty() || !usableFor(request, stored.get())) {
      return new Miss(key);
    }
    CachedResponse entry = stored.get();
    if (!entry.isFreshAt(now)) {
      if (entry.isStaleWhileRevalidatingAt(now)) {
        return new Stale(key, servedView(now, request, entry));
      }
      return entry.isRevalidatableAt(now) && mayRevalidate(request) ? new Revalidate(key, entry) : new Miss(key);
    }
    if (isNotModified(now, request, entry)) {
      return new NotModified(entry.notModifiedView(now));
    }
    return new Hit(HEAD.equals(request.method()) ? entry.headView(now) : entry.fullView(now));
  }

  /**
   * The stale copy to serve {@code request} instead of an error at {@code now}: the view of {@code stored}
   * for this request (a 304, a HEAD view or the full response, with its {@code Age}) while the entry is
   * stale but inside its {@code stale-if-error} window; empty otherwise.
   */
  public Optional<CachedResponse> staleIfError(Instant now, CacheRequest request, Optional<CachedResponse> stored) {
    return stored
        .filter(entry -> usableFor(request, entry) && entry.isStaleIfErrorAt(now))
        .map(entry -> servedView(now, request, entry));
  }

  /** Whether a stored entry may answer {@code request} at all: a request with credentials only public ones. */
  private boolean usableFor(CacheRequest request, CachedResponse entry) {
    return !carriesCredentials(request) || sharedWithAuthorizedRequests(entry);
  }

  /**
   * The view of {@code entry} that answers {@code request} at {@code now}: a 304 when its own conditional
   * fields match, a HEAD view, or the full response, each with its {@code Age}.
   */
  public CachedResponse servedView(Instant now, CacheRequest request, CachedResponse entry) {
    if (isNotModified(now, request, entry)) {
      return entry.notModifiedView(now);
    }
    return HEAD.equals(request.method()) ? entry.headView(now) : entry.fullView(now);
  }

  /**
   * Whether {@code request}'s response may be stored at all, before it is rendered: GET only (a HEAD's body
   * may never have reached the adapter, and other methods are not cacheable here).
   */
  public boolean mayStore(CacheRequest request) {
    return GET.equals(request.method());
  }

  /**
   * Whether a request that finds a stale entry may ask the application to revalidate it: a GET without {@code
   * Range}, whose answer (a 304, or a full response to store) serves every later request.
   */
  public boolean mayRevalidate(CacheRequest request) {
    return mayStore(request) && !has(request, "range");
  }

  /**
   * Whether the finished response to {@code request} is stored, and if so the frozen entry: validated
   * headers without hop-by-hop or recomputed fields, a generated strong {@code ETag} when configured and the
   * application set none, the freshness lifetime, and the tags.
   */
  public StoreDecision onResponse(Instant now, CacheRequest request, CapturedResponse response) {
    return onResponse(now, request, response, StoreRules.defaults());
  }

  /**
   * As {@link #onResponse(Instant, CacheRequest, CapturedResponse)}, under {@code rules} chosen for this
   * response: they may decline storing, replace the lifetime and the cacheable statuses, and add tags, but
   * every refusal of the response itself still applies.
   */
  public StoreDecision onResponse(
      Instant now, CacheRequest request, CapturedResponse response, StoreRules rules) {
    if (!mayStore(request)) {
      return new Reject(RejectReason.METHOD);
    }
    if (!rules.storable()) {
      return new Reject(RejectReason.DECLINED);
    }
    if (response.overflowed() || response.bodyLength() > maximumEntryBytes) {
      return new Reject(RejectReason.TOO_LARGE);
    }
    if (!rules.cacheableStatuses().orElse(cacheableStatuses).contains(response.status())) {
      return new Reject(RejectReason.STATUS);
    }
    CacheControl cacheControl = CacheControl.parse(response.headers("Cache-Control"));
    Optional<RejectReason> refused = refusal(request, response::headers, response.bodyLength(), cacheControl);
    if (refused.isPresent()) {
      return new Reject(refused.get());
    }
    ResponseHeaders conditionalFields = revalidationWindow.isZero()
        ? ResponseHeaders.empty()
        : Revalidation.conditionalFields(originEtag(response), first(response, "Last-Modified"));
    boolean revalidatable = conditionalFields.size() > 0;
    // no-cache is stored only when it can be validated before every use: read by the parser (so that its
    // lifetime is zero) and with a validator; one that a malformed field hides from the parser is refused
    boolean hiddenNoCache = !cacheControl.noCache() && mentions(response.headers("Cache-Control"), "no-cache");
    if (hiddenNoCache || (cacheControl.noCache() && !revalidatable)) {
      return new Reject(RejectReason.NO_CACHE);
    }
    Duration ttl = lifetime(now, cacheControl, response::headers, rules);
    Duration age = Freshness.initialAge(now, response::headers);
    boolean arrivedStale = ttl.compareTo(age) <= 0; // stored only to be revalidated: no default stale windows
    if (arrivedStale && !revalidatable) {
      return new Reject(RejectReason.NOT_FRESH);
    }
    if (leakGuard) {
      Optional<LeakedCredential> leaked = LeakGuard.find(request, response.bodyArray());
      if (leaked.isPresent()) {
        leakWarnings.report(leaked.get(), request.path(), now);
        return new Reject(RejectReason.CREDENTIAL_IN_BODY);
      }
    }
    Optional<ResponseHeaders> headers = storedHeaders(now, response);
    if (headers.isEmpty()) {
      return new Reject(RejectReason.MALFORMED_HEADER);
    }
    CachedResponse entry =
        CachedResponse.builder()
            .status(response.status())
            .headers(headers.get())
            .adoptBody(response.bodyArray())
            .storedAt(now)
            .freshnessLifetime(ttl)
            .initialAge(age)
            .staleWhileRevalidate(freshness.staleWhileRevalidate(cacheControl, ttl, arrivedStale))
            .staleIfError(freshness.staleIfError(cacheControl, ttl, arrivedStale))
            .revalidationWindow(revalidatable ? revalidationWindow : Duration.ZERO)
            .conditionalFields(conditionalFields)
            .tags(tags(response, rules))
            .build();
    return new Store(entry);
  }

  /**
   * What a {@code 304} the application answered to {@code stored}'s conditional fields at {@code now} makes of
   * it (RFC 9111 §4.3.3–4.3.4): {@code stored} with its fields updated by the 304's, stored afresh at {@code
   * now} with the lifetime and stale windows those fields give (or {@code rules}' lifetime), its body and tags
   * unchanged but for tags the 304 adds. Empty when the 304 names another representation (another {@code
   * ETag} or {@code Last-Modified}) or adds an invalid field: then it is relayed as it is and nothing stored
   * changes. Whether the result may be stored again is {@link #refusalOfUpdated}'s question.
   */
  public Optional<CachedResponse> validatedBy(
      Instant now, CachedResponse stored, CapturedResponse notModified, StoreRules rules) {
    if (!Revalidation.validates(stored, notModified::headers)) {
      return Optional.empty();
    }
    Optional<ResponseHeaders> updated =
        Revalidation.updatedFields(stored.headers(), notModified.headers(), droppedFields, HttpDates.format(now));
    if (updated.isEmpty()) {
      return Optional.empty();
    }
    ResponseHeaders fields = updated.get();
    CacheControl cacheControl = CacheControl.parse(fields.all("Cache-Control"));
    Duration ttl = lifetime(now, cacheControl, fields::all, rules);
    Duration age = Freshness.initialAge(now, notModified::headers);
    boolean arrivedStale = ttl.compareTo(age) <= 0;
    Set<String> tags = new HashSet<>(stored.tags());
    tags.addAll(tags(notModified, StoreRules.defaults()));
    return Optional.of(stored.newBuilder()
        .headers(fields)
        .storedAt(now)
        .freshnessLifetime(ttl)
        .initialAge(age)
        .staleWhileRevalidate(freshness.staleWhileRevalidate(cacheControl, ttl, arrivedStale))
        .staleIfError(freshness.staleIfError(cacheControl, ttl, arrivedStale))
        .conditionalFields(Revalidation.conditionalFields(
            stored.conditionalFields().first("If-None-Match"), fields.first("Last-Modified")))
        .tags(tags)
        .build());
  }

  /**
   * Why a response {@link #validatedBy} a 304 for {@code request} may not be stored again, if it may not: the
   * 304 made it private, {@code no-store}, cookie-setting or {@code Vary: *}, or the request's credentials
   * need a {@code public} response. Such a response still answers the request that revalidated it.
   */
  public Optional<RejectReason> refusalOfUpdated(CacheRequest request, CachedResponse updated) {
    ResponseHeaders fields = updated.headers();
    CacheControl cacheControl = CacheControl.parse(fields.all("Cache-Control"));
    Optional<RejectReason> refused = refusal(request, fields::all, updated.bodyLength(), cacheControl);
    if (refused.isEmpty() && cacheControl.noCache() && updated.conditionalFields().size() == 0) {
      return Optional.of(RejectReason.NO_CACHE);
    }
    return refused;
  }

  /**
   * The freshness lifetime of a response with {@code fields} received at {@code now}: {@code rules}' when they
   * set one, else the response's own (see {@link Freshness#lifetime}), capped at the maximum; always zero
   * when it says {@code no-cache}, which no rule may lift.
   */
  private Duration lifetime(
      Instant now, CacheControl cacheControl, Function<String, List<String>> fields, StoreRules rules) {
    if (cacheControl.noCache()) {
      return Duration.ZERO;
    }
    return rules.ttl().map(freshness::capped).orElseGet(() -> freshness.lifetime(now, cacheControl, fields));
  }

  /**
   * The response's {@code ETag} when the application set it (one field, a valid entity tag), not one the
   * cache would generate.
   */
  private static Optional<String> originEtag(CapturedResponse response) {
    List<String> etags = response.headers("ETag");
    return etags.size() == 1 ? Optional.of(etags.get(0).trim()) : Optional.empty();
  }

  private static Optional<String> first(CapturedResponse response, String name) {
    List<String> values = response.headers(name);
    return values.size() == 1 ? Optional.of(values.get(0).trim()) : Optional.empty();
  }

  /**
   * The resources a finished request invalidates (RFC 9111 §4.4): none unless its method is unsafe (anything
   * but GET, HEAD, OPTIONS and TRACE) and it was answered with a non-error status (200 to 399); then its
   * target, and the URIs its response names in {@code Location} and {@code Content-Location} when they
   * resolve, against the target, to the same scheme and host (with port). A request the application refused,
   * or that failed, invalidates nothing.
   */
  public List<CacheKey> invalidatedResources(CacheRequest request, CapturedResponse response) {
    int status = response.status();
    if (!isUnsafe(request) || status < 200 || status >= 400) {
      return List.of();
    }
    Optional<CacheKey> target = resourceKey(request);
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

  /** The resource {@code reference} names, resolved against {@code target}, when it is on the same origin. */
  private Optional<CacheKey> sameOriginResource(CacheKey target, String reference) {
    URI resolved;
    try {
      resolved = new URI(target.scheme() + "://" + target.host() + target.path()).resolve(new URI(reference.trim()));
    } catch (URISyntaxException unparseable) {
      return Optional.empty();
    }
    return resourceKey(resolved)
        .filter(resource -> resource.scheme().equals(target.scheme()) && resource.host().equals(target.host()));
  }

  /** Whether the request's method is unsafe: anything but GET, HEAD, OPTIONS and TRACE. */
  public boolean isUnsafe(CacheRequest request) {
    String method = request.method();
    return !(GET.equals(method) || HEAD.equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method));
  }

  /**
   * Whether a miss of {@code request} may render on behalf of concurrent misses of its key: only a plain GET
   * whose response is likely to be stored and usable by the others (no conditional or range request, no
   * credentials), so that the waiters are not released into a stampede.
   */
  public boolean mayLead(CacheRequest request) {
    return mayStore(request)
        && !has(request, "if-none-match")
        && !has(request, "if-modified-since")
        && !has(request, "range")
        && !carriesCredentials(request);
  }

  /** Whether the request carries {@code Authorization} or a cookie named as private. */
  public boolean carriesCredentials(CacheRequest request) {
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

  /**
   * The primary key of the resource a request targets, whatever its method, or empty when host or target
   * do not validate. Trusted forwarding headers are not part of it: it names every variant of the URL.
   */
  public Optional<CacheKey> resourceKey(CacheRequest request) {
    return target(request) instanceof Miss resource ? Optional.of(resource.key()) : Optional.empty();
  }

  /** The primary key of an absolute {@code http} or {@code https} URI, for purges; empty if it does not validate. */
  public Optional<CacheKey> resourceKey(URI uri) {
    String scheme = uri.getScheme() == null ? "" : Ascii.toLowerCase(uri.getScheme());
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    if (!RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return Optional.empty();
    }
    return RequestTargets.normalizeAuthority(scheme, uri.getRawAuthority())
        .map(host -> new CacheKey(GET, scheme, host, path,
            normalizedQuery(query), Map.of()));
  }

  /**
   * The purge of an origin-form {@code target} ({@code /path} or {@code /path?query}) on every host: its path
   * and query split at the first {@code ?} and validated and normalized exactly as a request's are for its
   * key, so that it names the keys requests for that target produce. Empty when the target does not start
   * with a single {@code /} or a part does not validate.
   */
  public Optional<Purge.Path> pathPurge(String target) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    if (path.startsWith("//") || !RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return Optional.empty();
    }
    return Optional.of(new Purge.Path(path, normalizedQuery(query)));
  }

  /** The names (lower case) of the stored response's {@code Vary} field. */
  public List<String> varyNames(CachedResponse entry) {
    return VaryHeader.parse(entry.headers().all("Vary")).names();
  }

  /**
   * The request target validated once: {@link Miss} with the primary key of the resource (no header
   * selection), or {@link Bypass} saying which part does not validate.
   */
  private RequestDecision target(CacheRequest request) {
    String scheme = Ascii.toLowerCase(request.scheme());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Bypass(BypassReason.INVALID_TARGET);
    }
    List<String> hostFields = request.headers("host");
    if (hostFields.size() > 1) {
      return new Bypass(BypassReason.INVALID_HOST);
    }
    String authority = request.authority();
    Optional<String> host = RequestTargets.normalizeAuthority(scheme, authority);
    if (hostFields.size() == 1 && !hostFields.get(0).equals(authority)
        && !RequestTargets.normalizeAuthority(scheme, hostFields.get(0)).equals(host)) {
      return new Bypass(BypassReason.INVALID_HOST); // e.g. an HTTP/2 :authority with a different Host field
    }
    if (host.isEmpty()
        || (!allowedHosts.isEmpty() && !allowedHosts.contains(RequestTargets.hostName(host.get())))) {
      return new Bypass(BypassReason.INVALID_HOST);
    }
    String path = request.path();
    String query = request.query().orElse("");
    if (!RequestTargets.isValidPath(path) || !RequestTargets.isValidQuery(query)) {
      return new Bypass(BypassReason.INVALID_TARGET);
    }
    return new Miss(new CacheKey(GET, scheme, host.get(), path, normalizedQuery(query), Map.of()));
  }

  /** The query as keys hold it: as received unless parameters are sorted or ignored. */
  private String normalizedQuery(String query) {
    return normalizesQuery
        ? RequestTargets.normalizeQuery(query, sortQueryParameters, ignoredQueryParameter)
        : query;
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
   * Why a response with {@code fields} and a body of {@code bodyLength} bytes may not be stored for {@code
   * request}, if it may not. A bare {@code no-cache} is not refused here: it is stored only with validators.
   */
  private Optional<RejectReason> refusal(
      CacheRequest request,
      Function<String, List<String>> fields,
      int bodyLength,
      CacheControl cacheControl) {
    List<String> cacheControlFields = fields.apply("Cache-Control");
    if (cacheControl.noStore() || mentions(cacheControlFields, "no-store")) {
      return Optional.of(RejectReason.NO_STORE);
    }
    if (cacheControl.isPrivate() || mentions(cacheControlFields, "private")) {
      return Optional.of(RejectReason.PRIVATE);
    }
    if (cacheControl.argument("no-cache").isPresent()) {
      return Optional.of(RejectReason.NO_CACHE); // no-cache="field": field-level validation is not supported
    }
    if (!fields.apply("Set-Cookie").isEmpty() || !fields.apply("Set-Cookie2").isEmpty()) {
      return Optional.of(RejectReason.SET_COOKIE);
    }
    VaryHeader vary = VaryHeader.parse(fields.apply("Vary"));
    if (vary.any() || vary.malformed()) {
      return Optional.of(RejectReason.VARY);
    }
    if (carriesCredentials(request) && !cacheControl.isPublic() && cacheControl.sMaxAge().isEmpty()) {
      return Optional.of(RejectReason.AUTHORIZATION);
    }
    if (!contentLengthMatches(fields.apply("Content-Length"), bodyLength)) {
      return Optional.of(RejectReason.INCOMPLETE);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code directive} stands anywhere in {@code fields} as a word of its own (not part of a longer
   * token), in any case, even where the parser read it as quoted text: a header malformed enough to hide a
   * refusal from the parser (stray quotes) still refuses.
   */
  private static boolean mentions(List<String> fields, String directive) {
    for (String field : fields) {
      String lower = Ascii.toLowerCase(field);
      for (int at = lower.indexOf(directive); at >= 0; at = lower.indexOf(directive, at + 1)) {
        int end = at + directive.length();
        if ((at == 0 || !isTokenChar(lower.charAt(at - 1))) && (end == lower.length() || !isTokenChar(lower.charAt(end)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
  }

  /** Whether the declared {@code Content-Length}, if any, is one value (repeats allowed) equal to the body's. */
  private static boolean contentLengthMatches(List<String> contentLengths, int bodyLength) {
    String declared = null;
    for (String value : contentLengths) {
      for (String length : COMMA.split(value)) {
        if (declared == null) {
          declared = length;
        } else if (!declared.equals(length)) {
          return false;
        }
      }
    }
    if (declared == null) {
      return true;
    }
    OptionalLong length = DeltaSeconds.parse(declared);
    return length.isPresent() && length.getAsLong() == bodyLength;
  }

  private Optional<ResponseHeaders> storedHeaders(Instant now, CapturedResponse response) {
    List<String> connectionFields = response.headers("Connection");
    Set<String> dropped = connectionFields.isEmpty() ? droppedFields : droppedWithConnectionOptions(connectionFields);
    ResponseHeaders.Builder headers = ResponseHeaders.builder();
    boolean hasEtag = false;
    for (ResponseHeaders.Field field : response.headers()) {
      String lower = Ascii.toLowerCase(field.name());
      if (lower.startsWith(":") || dropped.contains(lower)) {
        continue;
      }
      if (!ResponseHeaders.isValidName(field.name()) || !ResponseHeaders.isValidValue(field.value())) {
        return Optional.empty();
      }
      hasEtag |= lower.equals("etag");
      headers.add(field.name(), field.value());
    }
    if (response.headers("Date").isEmpty()) {
      headers.add("Date", HttpDates.format(now)); // RFC 9110 §6.6.1: a cache records when it received it
    }
    int status = response.status();
    if (generateEtags && !hasEtag && status == 200) {
      headers.add("ETag", EntityTag.strong(contentHash(response)).toHeaderValue());
    }
    if (status != 204 && status != 304) {
      headers.add("Content-Length", Integer.toString(response.bodyLength()));
    }
    return Optional.of(headers.build());
  }

  /** The dropped fields plus those {@code Connection} names, hop-by-hop too (RFC 9110 §7.6.1). */
  private Set<String> droppedWithConnectionOptions(List<String> connectionFields) {
    Set<String> dropped = new HashSet<>(droppedFields);
    for (String connection : connectionFields) {
      COMMA.split(connection).forEach(name -> dropped.add(Ascii.toLowerCase(name)));
    }
    return dropped;
  }

  private static String contentHash(CapturedResponse response) {
    return ContentHash.of(response.bodyArray());
  }

  private Set<String> tags(CapturedResponse response, StoreRules rules) {
    List<String> tagFields = response.headers(tagHeader);
    if (tagFields.isEmpty()) {
      return rules.tags();
    }
    Set<String> tags = new HashSet<>(rules.tags());
    for (String value : tagFields) {
      TAG_SEPARATORS.split(value).forEach(tags::add);
    }
    return tags;
  }

  private static boolean sharedWithAuthorizedRequests(CachedResponse entry) {
    CacheControl cacheControl = CacheControl.parse(entry.headers().all("Cache-Control"));
    return cacheControl.isPublic() || cacheControl.sMaxAge().isPresent();
  }

  /**
   * RFC 9110 §13.2.2 for a cached GET or HEAD: {@code If-None-Match} (weak comparison) decides whenever it
   * is present (a malformed one matches nothing); only without it does {@code If-Modified-Since} (one-second precision, ignored when invalid,
   * repeated or in the future) compare with {@code Last-Modified}. Only 2xx entries answer 304.
   */
  private static boolean isNotModified(Instant now, CacheRequest request, CachedResponse entry) {
    if (entry.status() < 200 || entry.status() > 299) {
      return false;
    }
    List<String> ifNoneMatch = request.headers("if-none-match");
    if (!ifNoneMatch.isEmpty()) {
      Optional<EntityTag> current = entry.etag().flatMap(EntityTag::parse);
      return EntityTagCondition.parse(ifNoneMatch)
          .map(condition -> condition.any() || current.map(condition::matchesWeakly).orElse(false))
          .orElse(false);
    }
    List<String> ifModifiedSince = request.headers("if-modified-since");
    if (ifModifiedSince.size() != 1) {
      return false;
    }
    Optional<Instant> since = HttpDates.parse(ifModifiedSince.get(0)).filter(date -> !date.isAfter(now));
    Optional<Instant> lastModified = entry.lastModified();
    return since.isPresent()
        && lastModified.isPresent()
        && lastModified.get().getEpochSecond() <= since.get().getEpochSecond();
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

  /** Whether {@code request} has the field {@code lowerCaseName}. */
  private static boolean has(CacheRequest request, String lowerCaseName) {
    return !request.headers(lowerCaseName).isEmpty();
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

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> lower = new HashSet<>();
    names.forEach(name -> lower.add(Ascii.toLowerCase(name)));
    return Set.copyOf(lower);
  }

  private static Predicate<String> globs(Set<String> patterns) {
    if (patterns.isEmpty()) {
      return name -> false;
    }
    StringBuilder regex = new StringBuilder();
    for (String pattern : patterns) {
      regex.append(regex.length() == 0 ? "" : "|");
      for (String literal : Splitter.on('*').split(pattern)) {
        regex.append(Pattern.quote(literal)).append(".*");
      }
      regex.setLength(regex.length() - 2);
    }
    return Pattern.compile(regex.toString()).asMatchPredicate();
  }
}
