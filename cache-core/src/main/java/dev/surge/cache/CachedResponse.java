package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.internal.AcceptEncoding;
import dev.surge.cache.internal.HttpDates;
import dev.surge.cache.internal.VariantFields;
import dev.surge.cache.internal.VaryHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A finished HTTP response held by the cache: deeply immutable once built.
 *
 * <p>Nothing can change a {@code CachedResponse}: there are no setters, the header list and tag set are
 * immutable, and the body is handed out only as a read-only buffer, a copy, or written to a stream. What a
 * particular request is served — the full response with its {@code Age}, a bodyless HEAD view, or a 304 —
 * is derived as a new object by {@link #fullView}, {@link #headView} and {@link #notModifiedView}; the stored
 * entry is never touched. A change is made with {@link #newBuilder()}, which gives a builder for a copy.
 * Since {@code Age} counts whole seconds, hits that fall in the same second of age share one full view; being
 * immutable, it is safe to share.
 *
 * <p>Once its freshness lifetime has passed, a response may still be served stale for a while, if it was stored
 * with a {@link #staleWhileRevalidate()} window (served while one request renders a fresh copy) or a {@link
 * #staleIfError()} window (served instead of an error); a store keeps it until the longer window ends. A
 * response with {@link #conditionalFields() validators} of its origin is kept for its {@link
 * #revalidationWindow()} too, to be revalidated (RFC 9111 §4.3): never served, once stale, without the
 * origin's {@code 304} first.
 *
 * <p>A response may hold its body in several content codings (see {@link Compression}): its own, which its
 * {@code Content-Encoding} names, and variants each made once when it was stored. {@link #variant} gives each
 * as a response of its own, whose fields say its coding, length and {@code ETag}; the views of a request are
 * derived from the variant its {@code Accept-Encoding} selects. The variants' bytes count in {@link #size()}.
 *
 * <p>Equality compares status, headers, body bytes (of every coding), times and tags.
 */
public final class CachedResponse {

  /** The fields a 304 carries from the full response (RFC 9110 §15.4.5), plus the cache's own. */
  private static final ImmutableSet<String> NOT_MODIFIED_FIELDS =
      ImmutableSet.of(
          "cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified",
          "cache-status");

  private static final byte[] NO_BODY = new byte[0];
  private static final String ACCEPT_ENCODING = "accept-encoding";
  private static final int NANOS_PER_SECOND = 1_000_000_000;
  /** What the view last served holds beyond this response: the objects, the list slots and {@code Age}. */
  private static final long SERVED_VIEW_BYTES = 208;

  private final int status;
  private final ResponseHeaders headers;
  private final byte[] body;
  private final Instant storedAt;
  private final Duration freshnessLifetime;
  private final Duration initialAge;
  private final Duration staleWhileRevalidate;
  private final Duration staleIfError;
  private final Duration revalidationWindow;
  private final ResponseHeaders conditionalFields;
  private final ImmutableSet<String> tags;
  /** The bodies in codings other than its own, by coding, most preferred first. */
  private final ImmutableMap<String, byte[]> encodedBodies;
  /** The responses {@link #encodedBodies} make, with their fields, by coding. */
  private final ImmutableMap<String, CachedResponse> variants;
  /**
   * Every coding held, most preferred first, its own last when that is identity, else first; empty without
   * variants, as it is asked for only to choose among variants and a view is built on every hit.
   */
  private final ImmutableList<String> codings;
  /**
   * The full view last kept, reused while the age in whole seconds is the same. Written without a lock,
   * like {@link String}'s hash: a {@link ServedView} and everything it holds have only final fields, so a
   * thread sees either {@code null}, a complete view of some earlier second, or a complete current one.
   */
  private ServedView lastServed;
  /**
   * The age, in whole seconds, of the last full view derived, kept or not: a view is kept only when a second
   * one is asked for within the same second. An entry asked for less often would otherwise hold a new view
   * after each hit, a fresh object graph referenced from a long-lived entry, which the garbage collector
   * promotes and later collects as old garbage: with 100,000 pages asked for uniformly, that made collection
   * pauses of half a second. A primitive written without a lock: a stale value costs one view more.
   */
  private long lastAskedAgeSeconds = -1;
  /**
   * What an adapter last derived from this response, written without a lock like {@link #lastServed}: the
   * value is reached through a final field of {@link Derived}, so a thread that sees the record sees the value
   * as complete as it was when the record was made.
   */
  private Derived<?> lastDerived;
  /**
   * The request fields that select this response (see {@link #selectingFields()}), parsed on first use and kept,
   * written without a lock like {@link #lastServed}: the list is immutable, so a thread sees {@code null} or
   * a complete list, and at worst parses once more.
   */
  private List<String> selectingFields;

  private CachedResponse(Builder builder) {
    this.status = builder.status;
    this.headers = builder.headers;
    this.body = builder.body;
    this.storedAt = builder.storedAt;
    this.freshnessLifetime = builder.freshnessLifetime;
    this.initialAge = builder.initialAge;
    this.staleWhileRevalidate = builder.staleWhileRevalidate;
    this.staleIfError = builder.staleIfError;
    this.revalidationWindow = builder.revalidationWindow;
    this.conditionalFields = builder.conditionalFields;
    this.tags = ImmutableSet.copyOf(builder.tags);
    if (builder.encodedBodies.isEmpty()) { // every view served is built here: no allocation for what it lacks
      this.encodedBodies = ImmutableMap.of();
      this.variants = ImmutableMap.of();
      this.codings = ImmutableList.of();
      return;
    }
    this.encodedBodies = ImmutableMap.copyOf(builder.encodedBodies);
    ImmutableMap.Builder<String, CachedResponse> made = ImmutableMap.builder();
    // every field a builder copies is set by now: the variants copy them from this response
    encodedBodies.forEach((coding, bytes) -> made.put(coding, variantOf(coding, bytes)));
    this.variants = made.buildOrThrow();
    this.codings = codingsHeld(VariantFields.codingOf(headers), encodedBodies.keySet());
  }

  /** This response's variant in {@code coding}, whose body is {@code bytes}. */
  private CachedResponse variantOf(String coding, byte[] bytes) {
    Builder variant = newBuilder().noVariants();
    variant.headers = VariantFields.of(headers, coding, bytes.length);
    variant.body = bytes;
    return variant.build();
  }

  private static ImmutableList<String> codingsHeld(String own, Iterable<String> others) {
    boolean identity = own.equals(AcceptEncoding.IDENTITY);
    ImmutableList.Builder<String> held = ImmutableList.builder();
    if (!identity) {
      held.add(own);
    }
    held.addAll(others);
    if (identity) {
      held.add(own);
    }
    return held.build();
  }

  /** A builder for a new response; status 200, no headers, an empty body, stored at the epoch. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this response; building it leaves this response as it is. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The header fields to write, in order. */
  public ResponseHeaders headers() {
    return headers;
  }

  /** The body as a read-only buffer over the stored bytes; each call gives an independent position. */
  public ByteBuffer body() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** A copy of the body bytes. */
  public byte[] bodyBytes() {
    return body.clone();
  }

  /**
   * Every content coding this response holds its body in, most preferred first: its own (identity unless its
   * {@code Content-Encoding} names one) and those of its variants.
   */
  public List<String> codings() {
    return codings.isEmpty() ? List.of(VariantFields.codingOf(headers)) : codings;
  }

  /** Whether it holds its body in more than one content coding, to serve each client one it accepts. */
  public boolean hasVariants() {
    return !variants.isEmpty();
  }

  /**
   * This response with its body in {@code coding} (lower case): itself for its own coding, else the variant
   * made when it was stored, whose fields name its coding and length and whose strong {@code ETag} has
   * {@code -coding} appended; empty when it holds no such variant. A variant holds no variants itself.
   */
  public Optional<CachedResponse> variant(String coding) {
    CachedResponse variant = variants.get(coding);
    if (variant != null) {
      return Optional.of(variant);
    }
    return coding.equals(VariantFields.codingOf(headers)) ? Optional.of(this) : Optional.empty();
  }

  /**
   * The names (lower case) of the request fields that select this response among its resource's variants:
   * its {@code Vary} field's, without {@code accept-encoding} when it holds variants, as each request is then
   * sent the coding it accepts from this one response. Parsed once: a lookup asks on every hit of a page with
   * {@code Vary}, which every page with variants has.
   */
  List<String> selectingFields() {
    List<String> names = selectingFields;
    if (names == null) {
      names = VaryHeader.parse(headers.all("Vary")).names();
      if (hasVariants() && names.contains(ACCEPT_ENCODING)) {
        names = names.stream().filter(name -> !name.equals(ACCEPT_ENCODING)).collect(ImmutableList.toImmutableList());
      }
      selectingFields = names;
    }
    return names;
  }

  /** The number of body bytes (0 for a HEAD or 304 view). */
  public int bodyLength() {
    return body.length;
  }

  /**
   * Writes the body to {@code out} in one write. The stream must not keep or change the array it is given
   * (the contract of {@link OutputStream#write(byte[], int, int)}).
   */
  public void writeBodyTo(OutputStream out) throws IOException {
    if (body.length > 0) {
      out.write(body, 0, body.length);
    }
  }

  /** When the response was stored (by the cache's clock). */
  public Instant storedAt() {
    return storedAt;
  }

  /** How long after it was generated the response stays fresh. */
  public Duration freshnessLifetime() {
    return freshnessLifetime;
  }

  /** The age the response already had when it was stored (from an upstream {@code Age} field). */
  public Duration initialAge() {
    return initialAge;
  }

  /** The tags the response can be purged by. */
  public Set<String> tags() {
    return tags;
  }

  /** The entity tag as written in the {@code ETag} field. */
  public Optional<String> etag() {
    return headers.first("ETag");
  }

  /** The {@code Last-Modified} time, when the field is present and a valid HTTP date. */
  public Optional<Instant> lastModified() {
    return headers.first("Last-Modified").flatMap(HttpDates::parse);
  }

  /** The current age (RFC 9111 §4.2.3): the initial age plus the time since storing, never negative. */
  public Duration ageAt(Instant now) {
    Duration resident = Duration.between(storedAt, now);
    return initialAge.plus(resident.isNegative() ? Duration.ZERO : resident);
  }

  /** Whether the response is still fresh at {@code now}. */
  public boolean isFreshAt(Instant now) {
    long seconds = ageSecondsAt(now);
    long lifetime = freshnessLifetime.getSeconds();
    return seconds < lifetime || (seconds == lifetime && ageAt(now).compareTo(freshnessLifetime) < 0);
  }

  /** The whole seconds of {@link #ageAt}, computed without allocating: a lookup asks on every hit. */
  private long ageSecondsAt(Instant now) {
    long seconds = now.getEpochSecond() - storedAt.getEpochSecond(); // cannot overflow within Instant's range
    int nanos = now.getNano() - storedAt.getNano();
    if (nanos < 0) {
      seconds--;
      nanos += NANOS_PER_SECOND;
    }
    if (seconds < 0) {
      return initialAge.getSeconds();
    }
    long age = Math.addExact(initialAge.getSeconds(), seconds);
    return initialAge.getNano() + nanos >= NANOS_PER_SECOND ? Math.incrementExact(age) : age;
  }

  /** How long the response stays fresh after {@code now}; zero once stale. */
  public Duration remainingFreshnessAt(Instant now) {
    Duration remaining = freshnessLifetime.minus(ageAt(now));
    return remaining.isNegative() ? Duration.ZERO : remaining;
  }

  /** How long after its freshness lifetime the response may be served while a fresh copy renders. */
  public Duration staleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  /** How long after its freshness lifetime the response may be served instead of an error. */
  public Duration staleIfError() {
    return staleIfError;
  }

  /** Whether, at {@code now}, the response is stale but inside its {@link #staleWhileRevalidate()} window. */
  public boolean isStaleWhileRevalidatingAt(Instant now) {
    return !isFreshAt(now) && ageAt(now).compareTo(freshnessLifetime.plus(staleWhileRevalidate)) < 0;
  }

  /** Whether, at {@code now}, the response is stale but inside its {@link #staleIfError()} window. */
  public boolean isStaleIfErrorAt(Instant now) {
    return !isFreshAt(now) && ageAt(now).compareTo(freshnessLifetime.plus(staleIfError)) < 0;
  }

  /**
   * The request fields that ask the origin whether this response is still current ({@code If-None-Match}
   * with its origin's {@code ETag}, {@code If-Modified-Since} with its {@code Last-Modified}); empty when the
   * origin gave it no validator, and then it is never revalidated.
   */
  public ResponseHeaders conditionalFields() {
    return conditionalFields;
  }

  /**
   * How long after its freshness lifetime (or after it was stored, if it arrived stale) the response is kept
   * to be revalidated with its {@link #conditionalFields()}; zero for never.
   */
  public Duration revalidationWindow() {
    return revalidationWindow;
  }

  /**
   * Whether, at {@code now}, the response is stale but may be revalidated: it has {@link #conditionalFields()}
   * and is inside its {@link #revalidationWindow()}.
   */
  public boolean isRevalidatableAt(Instant now) {
    return conditionalFields.size() > 0 && !isFreshAt(now) && ageAt(now).compareTo(revalidationEnd()) < 0;
  }

  /** The age at which the revalidation window ends: it starts when the response goes stale, or was stored stale. */
  private Duration revalidationEnd() {
    Duration start = initialAge.compareTo(freshnessLifetime) > 0 ? initialAge : freshnessLifetime;
    return start.plus(revalidationWindow);
  }

  /**
   * How long after {@code now} the response may still be served or revalidated (the longest of its stale and
   * revalidation windows included); zero once it may not. A store keeps a response that long.
   */
  public Duration remainingLifetimeAt(Instant now) {
    Duration longerWindow = staleWhileRevalidate.compareTo(staleIfError) >= 0 ? staleWhileRevalidate : staleIfError;
    Duration end = freshnessLifetime.plus(longerWindow);
    if (conditionalFields.size() > 0 && revalidationEnd().compareTo(end) > 0) {
      end = revalidationEnd();
    }
    Duration remaining = end.minus(ageAt(now));
    return remaining.isNegative() ? Duration.ZERO : remaining;
  }

  /** The whole seconds of freshness left at {@code now}: negative once stale, telling how stale. */
  public long freshnessSecondsLeftAt(Instant now) {
    return freshnessLifetime.minus(ageAt(now)).getSeconds();
  }

  /** An estimate of the memory this response holds, used to bound the store by bytes. */
  public ByteSize size() {
    long tagChars = 0;
    for (String tag : tags) {
      tagChars += tag.length();
    }
    long fieldChars = headers.characterCount() + conditionalFields.characterCount() + tagChars;
    long stored = 96L + body.length + 2 * fieldChars + 48L * (headers.size() + conditionalFields.size());
    long variantBytes = 0;
    for (CachedResponse variant : variants.values()) {
      variantBytes += variant.size().bytes();
    }
    return ByteSize.ofBytes(stored + SERVED_VIEW_BYTES + 4L * headers.size() + variantBytes);
  }

  /**
   * The full response as served at {@code now}: same status, headers and body, plus its {@code Age}. Within
   * one second of age, the hits of an entry asked for more than once share one view.
   */
  public CachedResponse fullView(Instant now) {
    long age = ageSecondsAt(now);
    ServedView last = lastServed;
    if (last != null && last.ageSeconds() == age) {
      return last.response();
    }
    CachedResponse view = viewBuilder().headers(withAge(headers, age)).build();
    if (lastAskedAgeSeconds == age) {
      lastServed = new ServedView(age, view);
    }
    lastAskedAgeSeconds = age;
    return view;
  }

  /** The response to a HEAD request at {@code now}: the full response's headers and {@code Age}, no body. */
  public CachedResponse headView(Instant now) {
    return viewBuilder().headers(fullView(now).headers).noBody().build();
  }

  /**
   * The 304 (Not Modified) answer to a conditional request at {@code now}: only the header fields RFC 9110
   * §15.4.5 lets a 304 carry, plus {@code Age}; never a body or a {@code Content-Length}.
   */
  public CachedResponse notModifiedView(Instant now) {
    ResponseHeaders kept = headers.without(name -> !NOT_MODIFIED_FIELDS.contains(Ascii.toLowerCase(name)));
    return viewBuilder().status(304).headers(withAge(kept, ageSecondsAt(now))).noBody().build();
  }

  /** A builder for a view served to one request: this response in its own coding only. */
  private Builder viewBuilder() {
    return newBuilder().noVariants();
  }

  /**
   * What {@code derivation} makes of this response, made on the first call and kept with the response while
   * the same derivation is asked for, so that the hits sharing a view (see {@link #fullView}) share what an
   * adapter prepares for writing it. The response itself does not change.
   */
  public <T> T derived(Derivation<T> derivation) {
    Derived<?> last = lastDerived;
    if (last != null && last.derivation() == derivation) {
      @SuppressWarnings("unchecked") // the value was made by this very derivation
      T value = (T) last.value();
      return value;
    }
    T value = derivation.derive(this);
    lastDerived = new Derived<>(derivation, value);
    return value;
  }

  private static ResponseHeaders withAge(ResponseHeaders fields, long ageSeconds) {
    return fields.with("Age", Long.toString(ageSeconds));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CachedResponse that
        && status == that.status
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body)
        && storedAt.equals(that.storedAt)
        && freshnessLifetime.equals(that.freshnessLifetime)
        && initialAge.equals(that.initialAge)
        && staleWhileRevalidate.equals(that.staleWhileRevalidate)
        && staleIfError.equals(that.staleIfError)
        && revalidationWindow.equals(that.revalidationWindow)
        && conditionalFields.equals(that.conditionalFields)
        && tags.equals(that.tags)
        && sameEncodedBodies(that);
  }

  private boolean sameEncodedBodies(CachedResponse that) {
    if (!encodedBodies.keySet().equals(that.encodedBodies.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> encoded : encodedBodies.entrySet()) {
      if (!Arrays.equals(encoded.getValue(), that.encodedBodies.get(encoded.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "CachedResponse{" + status + ", " + body.length + " bytes" + (variants.isEmpty() ? "" : " " + codings)
        + ", stored " + storedAt
        + ", fresh for " + freshnessLifetime + staleWindows() + ", " + headers + "}";
  }

  private String staleWindows() {
    return (staleWhileRevalidate.isZero() ? "" : ", stale while revalidating for " + staleWhileRevalidate)
        + (staleIfError.isZero() ? "" : ", stale if error for " + staleIfError)
        + (conditionalFields.size() == 0 ? "" : ", revalidated for " + revalidationWindow + " by " + conditionalFields);
  }

  /** A full view and the age, in whole seconds, it was derived for. */
  private record ServedView(long ageSeconds, CachedResponse response) {}

  /**
   * Something an adapter prepares from a response once to write it on many hits: the server's own buffer over
   * the body, the header fields as the server's own strings. A function of the response alone, whose result
   * nobody changes: it is shared by every thread serving the response. Keep one instance per adapter, as a
   * response keeps only the value of the derivation last asked for.
   *
   * @param <T> what is prepared
   */
  @FunctionalInterface
  public interface Derivation<T> {

    /** The value prepared from {@code response}. */
    T derive(CachedResponse response);
  }

  /** A derivation and the value it made of this response. */
  private record Derived<T>(Derivation<T> derivation, T value) {}

  /** Builds a {@link CachedResponse}. A builder is not thread-safe; the response it builds is. */
  public static final class Builder {
    private int status = 200;
    private ResponseHeaders headers = ResponseHeaders.empty();
    private byte[] body = NO_BODY;
    private Instant storedAt = Instant.EPOCH;
    private Duration freshnessLifetime = Duration.ZERO;
    private Duration initialAge = Duration.ZERO;
    private Duration staleWhileRevalidate = Duration.ZERO;
    private Duration staleIfError = Duration.ZERO;
    private Duration revalidationWindow = Duration.ZERO;
    private ResponseHeaders conditionalFields = ResponseHeaders.empty();
    private Set<String> tags = Set.of();
    private Map<String, byte[]> encodedBodies = Map.of();

    private Builder() {}

    private Builder(CachedResponse from) {
      this.status = from.status;
      this.headers = from.headers;
      this.body = from.body; // shared safely: no one can write to it
      this.storedAt = from.storedAt;
      this.freshnessLifetime = from.freshnessLifetime;
      this.initialAge = from.initialAge;
      this.staleWhileRevalidate = from.staleWhileRevalidate;
      this.staleIfError = from.staleIfError;
      this.revalidationWindow = from.revalidationWindow;
      this.conditionalFields = from.conditionalFields;
      this.tags = from.tags;
      this.encodedBodies = from.encodedBodies; // shared safely: immutable, and no one can write to its arrays
    }


    /** The status code, 100 to 999. */
    public Builder status(int status) {
      Preconditions.checkArgument(status >= 100 && status <= 999, "status out of range: %s", status);
      this.status = status;
      return this;
    }

    /** The header fields. */
    public Builder headers(ResponseHeaders headers) {
      this.headers = headers;
      return this;
    }

    /** The body; the bytes are copied, so later changes to {@code bytes} do not reach the response. */
    public Builder body(byte[] bytes) {
      this.body = bytes.length == 0 ? NO_BODY : bytes.clone();
      return this;
    }

    /** The body, copied from {@code bytes[offset, offset + length)}. */
    public Builder body(byte[] bytes, int offset, int length) {
      this.body = length == 0 ? NO_BODY : Arrays.copyOfRange(bytes, offset, offset + length);
      return this;
    }

    /** Takes {@code bytes} as the body without copying; only for arrays no one else can reach. */
    Builder adoptBody(byte[] bytes) {
      this.body = bytes.length == 0 ? NO_BODY : bytes;
      return this;
    }

    /** No body. */
    public Builder noBody() {
      this.body = NO_BODY;
      return this;
    }

    /** When the response was stored. */
    public Builder storedAt(Instant storedAt) {
      this.storedAt = storedAt;
      return this;
    }

    /** How long the response is fresh, zero or more. */
    public Builder freshnessLifetime(Duration lifetime) {
      Preconditions.checkArgument(!lifetime.isNegative(), "freshness lifetime cannot be negative");
      this.freshnessLifetime = lifetime;
      return this;
    }

    /** The age the response had when it was stored, zero or more. */
    public Builder initialAge(Duration age) {
      Preconditions.checkArgument(!age.isNegative(), "initial age cannot be negative");
      this.initialAge = age;
      return this;
    }

    /**
     * How long after its freshness lifetime the response may be served while one request renders a fresh
     * copy (RFC 5861 {@code stale-while-revalidate}); zero, the default, for never.
     */
    public Builder staleWhileRevalidate(Duration window) {
      Preconditions.checkArgument(!window.isNegative(), "stale-while-revalidate window cannot be negative");
      this.staleWhileRevalidate = window;
      return this;
    }

    /**
     * How long after its freshness lifetime the response may be served instead of an error (RFC 5861 {@code
     * stale-if-error}); zero, the default, for never.
     */
    public Builder staleIfError(Duration window) {
      Preconditions.checkArgument(!window.isNegative(), "stale-if-error window cannot be negative");
      this.staleIfError = window;
      return this;
    }

    /**
     * How long after its freshness lifetime the response is kept to be revalidated with {@link
     * #conditionalFields(ResponseHeaders)}; zero, the default, for never.
     */
    public Builder revalidationWindow(Duration window) {
      Preconditions.checkArgument(!window.isNegative(), "revalidation window cannot be negative");
      this.revalidationWindow = window;
      return this;
    }

    /**
     * The request fields ({@code If-None-Match}, {@code If-Modified-Since}) that revalidate the response with
     * its origin; empty, the default, when it has no validator of its origin.
     */
    public Builder conditionalFields(ResponseHeaders fields) {
      this.conditionalFields = Preconditions.checkNotNull(fields, "conditionalFields");
      return this;
    }

    /** The tags the response can be purged by. */
    public Builder tags(Set<String> tags) {
      this.tags = Set.copyOf(tags);
      return this;
    }

    /**
     * Adds the body in {@code coding} (a lower-case token, not the response's own coding), copied; variants
     * are preferred in the order they are added. The variant's fields are derived from the response's when
     * it is built (see {@link CachedResponse#variant}).
     */
    public Builder variant(String coding, byte[] bytes) {
      return adoptVariant(coding, bytes.clone());
    }

    /** Adds the body in {@code coding} without copying; only for arrays no one else can reach. */
    Builder adoptVariant(String coding, byte[] bytes) {
      Preconditions.checkArgument(
          !coding.isEmpty() && coding.equals(Ascii.toLowerCase(coding)) && !encodedBodies.containsKey(coding),
          "not a new lower-case content coding: %s", coding);
      Map<String, byte[]> more = new LinkedHashMap<>(encodedBodies);
      more.put(coding, bytes);
      this.encodedBodies = more;
      return this;
    }

    /** No variants: the body in the response's own coding only. */
    public Builder noVariants() {
      this.encodedBodies = Map.of();
      return this;
    }

    /**
     * The immutable response.
     *
     * @throws IllegalArgumentException when a variant has the response's own coding
     */
    public CachedResponse build() {
      if (!encodedBodies.isEmpty()) {
        String own = VariantFields.codingOf(headers);
        Preconditions.checkArgument(!encodedBodies.containsKey(own), "a variant has the response's own coding %s", own);
      }
      return new CachedResponse(this);
    }
  }
}
