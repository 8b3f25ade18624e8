package dev.surge.cache;

import dev.surge.cache.StoreDecision.Reject;
import dev.surge.cache.StoreDecision.Store;
import dev.surge.cache.internal.CacheControl;
import dev.surge.cache.internal.Freshness;
import dev.surge.cache.internal.HttpDates;
import dev.surge.cache.internal.LeakGuard;
import dev.surge.cache.internal.LeakWarnings;
import dev.surge.cache.internal.LeakedCredential;
import dev.surge.cache.internal.Revalidation;
import dev.surge.cache.internal.VaryHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a finished response (or a {@code 304} revalidating a stored one) becomes in the store: refused with a
 * reason, or frozen into an entry with its stored fields (see {@link StoredFields}), freshness lifetime, stale
 * windows, revalidation window and tags. Pure but for the leak guard's rate-limited warning; thread-safe.
 */
final class StoredEntries {

  private static final String ACCEPT_ENCODING = "accept-encoding";

  private final Set<Integer> cacheableStatuses;
  private final Freshness freshness;
  private final Duration revalidationWindow;
  private final long maximumEntryBytes;
  private final boolean leakGuard;
  private final LeakWarnings leakWarnings = new LeakWarnings();
  private final StoreRefusals refusals;
  private final StoredFields storedFields;
  private final ContentVariants contentVariants;

  StoredEntries(HttpCache.Builder settings, StoreRefusals refusals) {
    this.cacheableStatuses = Set.copyOf(settings.cacheableStatuses);
    this.freshness = new Freshness(
        settings.defaultTtl, settings.maximumTtl, settings.staleWhileRevalidate, settings.staleIfError);
    this.revalidationWindow = settings.revalidationWindow;
    this.maximumEntryBytes = settings.maximumEntryBytes.bytes();
    this.leakGuard = settings.leakGuard;
    this.refusals = refusals;
    this.storedFields = new StoredFields(settings);
    this.contentVariants = new ContentVariants(settings.compression, settings.maximumEntryBytes.bytes());
  }

  /**
   * See {@link CachePolicy#onResponse(Instant, CacheRequest, CapturedResponse, StoreRules)}, for a request
   * whose response may be stored at all.
   */
  StoreDecision onResponse(Instant now, CacheRequest request, CapturedResponse response, StoreRules rules) {
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
    Optional<RejectReason> refused =
        refusals.refusal(request, response::headers, response.bodyLength(), cacheControl);
    if (refused.isPresent()) {
      return new Reject(refused.get());
    }
    ResponseHeaders conditionalFields = revalidationWindow.isZero()
        ? ResponseHeaders.empty()
        : Revalidation.conditionalFields(originEtag(response), first(response, "Last-Modified"));
    boolean revalidatable = conditionalFields.size() > 0;
    // no-cache is stored only when it can be validated before every use: read by the parser (so that its
    // lifetime is zero) and with a validator; one that a malformed field hides from the parser is refused
    boolean hiddenNoCache =
        !cacheControl.noCache() && StoreRefusals.mentions(response.headers("Cache-Control"), "no-cache");
    if (hiddenNoCache || (cacheControl.noCache() && !revalidatable)) {
      return new Reject(RejectReason.NO_CACHE);
    }
    Duration ttl = lifetime(now, cacheControl, response::headers, rules);
    Duration age = Freshness.initialAge(now, response::headers);
    boolean arrivedStale = ttl.compareTo(age) <= 0; // stored only to be revalidated: no default stale windows
    if (arrivedStale && !revalidatable) {
      return new Reject(RejectReason.NOT_FRESH);
    }
    Optional<ContentVariants.Coded> coded =
        contentVariants.of(response.status(), response::headers, response.bodyArray());
    if (coded.isEmpty()) {
      return new Reject(RejectReason.CONTENT_CODING);
    }
    if (leakGuard) {
      Optional<LeakedCredential> leaked = LeakGuard.find(request, coded.get().identity());
      if (leaked.isPresent()) {
        leakWarnings.report(leaked.get(), request.path(), now);
        return new Reject(RejectReason.CREDENTIAL_IN_BODY);
      }
    }
    Optional<ResponseHeaders> headers = storedFields.of(now, response);
    if (headers.isEmpty()) {
      return new Reject(RejectReason.MALFORMED_HEADER);
    }
    Map<String, byte[]> variants = coded.get().variants();
    CachedResponse.Builder entry =
        CachedResponse.builder()
            .status(response.status())
            .headers(variants.isEmpty() ? headers.get() : varyingOnAcceptEncoding(headers.get()))
            .adoptBody(response.bodyArray())
            .storedAt(now)
            .freshnessLifetime(ttl)
            .initialAge(age)
            .staleWhileRevalidate(freshness.staleWhileRevalidate(cacheControl, ttl, arrivedStale))
            .staleIfError(freshness.staleIfError(cacheControl, ttl, arrivedStale))
            .revalidationWindow(revalidatable ? revalidationWindow : Duration.ZERO)
            .conditionalFields(conditionalFields)
            .tags(storedFields.tags(response, rules));
    variants.forEach(entry::adoptVariant);
    return new Store(entry.build());
  }

  /** {@code fields} with {@code Vary: Accept-Encoding} added, unless their {@code Vary} names it already. */
  private static ResponseHeaders varyingOnAcceptEncoding(ResponseHeaders fields) {
    if (VaryHeader.parse(fields.all("Vary")).names().contains(ACCEPT_ENCODING)) {
      return fields;
    }
    return fields.toBuilder().add("Vary", "Accept-Encoding").build();
  }

  /** See {@link CachePolicy#validatedBy}. */
  Optional<CachedResponse> validatedBy(
      Instant now, CachedResponse stored, ResponseHeaders sent, CapturedResponse notModified, StoreRules rules) {
    if (!Revalidation.validates(stored, sent, notModified::headers)) {
      return Optional.empty();
    }
    Optional<ResponseHeaders> updated = Revalidation.updatedFields(
        stored.headers(), notModified.headers(), storedFields.dropped(), HttpDates.format(now));
    if (updated.isEmpty()) {
      return Optional.empty();
    }
    ResponseHeaders fields = updated.get();
    CacheControl cacheControl = CacheControl.parse(fields.all("Cache-Control"));
    Duration ttl = lifetime(now, cacheControl, fields::all, rules);
    Duration age = Freshness.initialAge(now, notModified::headers);
    boolean arrivedStale = ttl.compareTo(age) <= 0;
    Set<String> tags = new HashSet<>(stored.tags());
    tags.addAll(storedFields.tags(notModified, StoreRules.defaults()));
    return Optional.of(stored.newBuilder()
        .headers(fields)
        .storedAt(now)
        .freshnessLifetime(ttl)
        .initialAge(age)
        .staleWhileRevalidate(freshness.staleWhileRevalidate(cacheControl, ttl, arrivedStale))
        .staleIfError(freshness.staleIfError(cacheControl, ttl, arrivedStale))
        .conditionalFields(Revalidation.conditionalFields(
            first(notModified, "ETag").or(() -> stored.conditionalFields().first("If-None-Match")),
            fields.first("Last-Modified")))
        .tags(tags)
        .build());
  }

  /** See {@link CachePolicy#refusalOfUpdated(CacheRequest, CachedResponse)}. */
  Optional<RejectReason> refusalOfUpdated(CacheRequest request, CachedResponse updated) {
    ResponseHeaders fields = updated.headers();
    CacheControl cacheControl = CacheControl.parse(fields.all("Cache-Control"));
    Optional<RejectReason> refused = refusals.refusal(request, fields::all, updated.bodyLength(), cacheControl);
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
}
