package dev.surge.cache;

import dev.surge.cache.RequestDecision.Bypass;
import dev.surge.cache.RequestDecision.Hit;
import dev.surge.cache.RequestDecision.Miss;
import dev.surge.cache.RequestDecision.NotModified;
import dev.surge.cache.RequestDecision.Revalidate;
import dev.surge.cache.RequestDecision.Stale;
import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.internal.CacheControl;
import dev.surge.cache.internal.LeakGuard;
import dev.surge.cache.internal.Revalidation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
 *   <li>With {@link Compression} on (the default), a compressible response is stored with compressed variants
 *       and each lookup answers with the variant the request's {@code Accept-Encoding} selects (its 304 and
 *       HEAD views too); {@code Accept-Encoding} then leaves the key. An application-encoded response is stored
 *       with its identity body decoded beside it, or not at all when it does not decode.
 *   <li>Request {@code Cache-Control: no-cache} and {@code max-age=0} are ignored on purpose: honouring them
 *       would let any client force renders during a surge. Request {@code no-store} is honoured.
 * </ul>
 *
 * <p>Request fields are asked for by their lower-case names (the form HTTP/2 uses), so that a request view
 * that keeps names in lower case answers each question without converting the name.
 *
 * <p>Instances are thread-safe and their rules are fixed when the cache is built; get one from {@link
 * HttpCache#policy()}.
 *
 * <p>Each group of rules is its own package-private piece, read alone: {@code RequestAdmission} (which requests
 * use the cache, under which key), {@code ResourceKeys} (targets, URIs and purge targets to keys), {@code
 * StoredEntries} with {@code StoreRefusals} and {@code StoredFields} (what a response becomes in the store),
 * {@code ServedViews} (which view of an entry answers) and {@code UnsafeInvalidation}; this class states the
 * decisions and delegates.
 */
public final class CachePolicy {

  private static final String GET = "GET";

  private final ResourceKeys resourceKeys;
  private final RequestAdmission admission;
  private final StoredEntries storedEntries;
  private final UnsafeInvalidation unsafeInvalidation;

  CachePolicy(HttpCache.Builder settings) {
    this.resourceKeys = new ResourceKeys(settings);
    this.admission = new RequestAdmission(settings, resourceKeys);
    this.storedEntries = new StoredEntries(settings, new StoreRefusals(admission));
    this.unsafeInvalidation = new UnsafeInvalidation(resourceKeys);
  }

  /**
   * The first decision for a request: {@link Bypass} when the request must not use the cache at all, or
   * {@link Miss} with the primary key (no variant selection yet) under which to look up.
   */
  public RequestDecision admit(CacheRequest request) {
    return admission.admit(request);
  }

  /**
   * The key of the variant {@code request} selects under {@code primary}, given the header names of the
   * stored response's {@code Vary}; empty when that key would exceed the maximum key length.
   */
  public Optional<CacheKey> variantKey(CacheKey primary, List<String> varyNames, CacheRequest request) {
    return admission.variantKey(primary, varyNames, request);
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
      Optional<ResponseHeaders> fields = revalidationFields(request, entry);
      return entry.isRevalidatableAt(now) && fields.isPresent() ? new Revalidate(key, entry, fields.get()) : new Miss(key);
    }
    CachedResponse variant = ServedViews.variantFor(request, entry);
    if (ServedViews.isNotModified(now, request, variant)) {
      return new NotModified(variant.notModifiedView(now));
    }
    return new Hit(ServedViews.unconditionalView(now, request, variant));
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

  private static boolean sharedWithAuthorizedRequests(CachedResponse entry) {
    CacheControl cacheControl = CacheControl.parse(entry.headers().all("Cache-Control"));
    return cacheControl.isPublic() || cacheControl.sMaxAge().isPresent();
  }

  /**
   * The view of {@code entry} that answers {@code request} at {@code now}: a 304 when its own conditional
   * fields match, a HEAD view, or the full response, each with its {@code Age}.
   */
  public CachedResponse servedView(Instant now, CacheRequest request, CachedResponse entry) {
    return ServedViews.servedView(now, request, entry);
  }

  /**
   * Whether {@code request}'s response may be stored at all, before it is rendered: GET only (a HEAD's body
   * may never have reached the adapter, and other methods are not cacheable here).
   */
  public boolean mayStore(CacheRequest request) {
    return GET.equals(request.method());
  }

  /**
   * The conditional fields with which {@code request} asks the application to revalidate {@code entry}, if it
   * may: a GET without {@code Range}, whose answer (a 304, or a full response to store) serves every later
   * request, and whose own conditional fields do not name a version the entry is not (see {@link
   * Revalidation#fieldsFor}). Empty when the request must go to the application as it is.
   */
  public Optional<ResponseHeaders> revalidationFields(CacheRequest request, CachedResponse entry) {
    if (!mayStore(request) || RequestAdmission.has(request, "range") || entry.conditionalFields().size() == 0) {
      return Optional.empty();
    }
    return Revalidation.fieldsFor(request, entry);
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
    return storedEntries.onResponse(now, request, response, rules);
  }

  /**
   * What a {@code 304} the application answered at {@code now} to a request carrying {@code sent} (from {@link
   * #revalidationFields}) makes of {@code stored} (RFC 9111 §4.3.3–4.3.4): {@code stored} with its fields
   * updated by the 304's (its {@code ETag} too, so that later revalidations ask with it), stored afresh at {@code
   * now} with the lifetime and stale windows those fields give (or {@code rules}' lifetime), its body and tags
   * unchanged but for tags the 304 adds. Empty when the 304 names another representation (another {@code
   * ETag} or {@code Last-Modified}) or adds an invalid field: then it is relayed as it is and nothing stored
   * changes. Whether the result may be stored again is {@link #refusalOfUpdated}'s question.
   */
  public Optional<CachedResponse> validatedBy(
      Instant now, CachedResponse stored, ResponseHeaders sent, CapturedResponse notModified, StoreRules rules) {
    return storedEntries.validatedBy(now, stored, sent, notModified, rules);
  }

  /**
   * Why a response {@link #validatedBy} a 304 for {@code request} may not be stored again, if it may not: the
   * 304 made it private, {@code no-store}, cookie-setting or {@code Vary: *}, or the request's credentials
   * need a {@code public} response. Such a response still answers the request that revalidated it.
   */
  public Optional<RejectReason> refusalOfUpdated(CacheRequest request, CachedResponse updated) {
    return storedEntries.refusalOfUpdated(request, updated);
  }

  /**
   * The resources a finished request invalidates (RFC 9111 §4.4): none unless its method is unsafe (anything
   * but GET, HEAD, OPTIONS and TRACE) and it was answered with a non-error status (200 to 399); then its
   * target, and the URIs its response names in {@code Location} and {@code Content-Location} when they
   * resolve, against the target, to the same scheme and host (with port). A request the application refused,
   * or that failed, invalidates nothing.
   */
  public List<CacheKey> invalidatedResources(CacheRequest request, CapturedResponse response) {
    return unsafeInvalidation.invalidatedResources(request, response);
  }

  /** Whether the request's method is unsafe: anything but GET, HEAD, OPTIONS and TRACE. */
  public boolean isUnsafe(CacheRequest request) {
    return UnsafeInvalidation.isUnsafe(request);
  }

  /**
   * Whether a miss of {@code request} may render on behalf of concurrent misses of its key: only a plain GET
   * whose response is likely to be stored and usable by the others (no conditional or range request, no
   * credentials), so that the waiters are not released into a stampede.
   */
  public boolean mayLead(CacheRequest request) {
    return mayStore(request)
        && !RequestAdmission.has(request, "if-none-match")
        && !RequestAdmission.has(request, "if-modified-since")
        && !RequestAdmission.has(request, "range")
        && !carriesCredentials(request);
  }

  /** Whether the request carries {@code Authorization} or a cookie named as private. */
  public boolean carriesCredentials(CacheRequest request) {
    return admission.carriesCredentials(request);
  }

  /**
   * The primary key of the resource a request targets, whatever its method, or empty when host or target
   * do not validate. Trusted forwarding headers are not part of it: it names every variant of the URL.
   */
  public Optional<CacheKey> resourceKey(CacheRequest request) {
    return resourceKeys.resourceKey(request);
  }

  /** The primary key of an absolute {@code http} or {@code https} URI, for purges; empty if it does not validate. */
  public Optional<CacheKey> resourceKey(URI uri) {
    return resourceKeys.resourceKey(uri);
  }

  /**
   * The purge of an origin-form {@code target} ({@code /path} or {@code /path?query}) on every host: its path
   * and query split at the first {@code ?} and validated and normalized exactly as a request's are for its
   * key, so that it names the keys requests for that target produce. Empty when the target does not start
   * with a single {@code /} or a part does not validate.
   */
  public Optional<Purge.Path> pathPurge(String target) {
    return resourceKeys.pathPurge(target);
  }

  /**
   * The names (lower case) of the request fields that select {@code entry} among its resource's variants: its
   * {@code Vary} field's, without {@code accept-encoding} when the entry holds its body in several content
   * codings, as each request is then served the coding it accepts from the one entry (see {@link Compression}).
   */
  public List<String> varyNames(CachedResponse entry) {
    return entry.selectingFields();
  }
}
