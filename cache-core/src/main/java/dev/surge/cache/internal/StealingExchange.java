package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.PipelineStep.Exchange;
import dev.surge.cache.RejectReason;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.StoreRules;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-stealing step's view of one request on its way through the application: what it captures and
 * under which key, the stale entry it may fall back on or revalidate, and whether it leads waiters. It is
 * finished once, counted once (as a miss or as a not-cacheable bypass) and releases its waiters once.
 * Thread-safe: the adapter may report from another thread than the one that asked.
 */
final class StealingExchange implements Exchange {

  /** Logs under the step's name: one logger setting covers everything the step does. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  /** What every exchange of one step shares with it. */
  record Context(
      CachePolicy policy,
      StatsRecorder stats,
      InstantSource clock,
      ByteSize captureLimit,
      Invalidations invalidations,
      StoredAnswers answers,
      StoreWriter writer) {}

  private final Context context;
  private final CacheRequest request;
  private final CacheKey primary;
  private final CacheKey key;
  private final boolean captures;
  private final CompletableFuture<LeaderEnd> leadership;
  private final Optional<CachedResponse> stored;
  /** Whether the application is asked to revalidate {@link #stored} rather than render it. */
  private final boolean revalidates;
  /** The conditional fields the application is asked with when revalidating; else empty. */
  private final ResponseHeaders conditionalFields;
  /** The request with the conditional fields its client sent, whatever the adapter passes down. */
  private final CacheRequest asReceived;
  private final ResponseHeaders extraHeaders;
  private final Instant startedAt;
  private final InvalidationEpochs.Mark mark;
  private final AtomicBoolean finished = new AtomicBoolean();
  /** How this render was counted: not yet (null), as a miss (true) or as a not-cacheable bypass (false). */
  private final AtomicReference<Boolean> counted = new AtomicReference<>();
  /** Why the lookup declined to capture this render, counted with its miss: a bypass is never a rejection. */
  private volatile RejectReason rejectionWithMiss;
  /** The rules of the handler, once told: a revalidated entry's lifetime and tags follow them. */
  private volatile StoreRules rules = StoreRules.defaults();
  /** Whether a 304 of the application revalidated {@link #stored}. */
  private volatile boolean revalidated;

  /** An exchange the cache only watches (for unsafe-request invalidation); nothing is captured. */
  StealingExchange(Context context, CacheRequest request, ResponseHeaders extraHeaders) {
    this.context = context;
    this.request = request;
    this.primary = null;
    this.key = null;
    this.captures = false;
    this.leadership = null;
    this.stored = Optional.empty();
    this.revalidates = false;
    this.conditionalFields = ResponseHeaders.empty();
    this.asReceived = request;
    this.extraHeaders = extraHeaders;
    this.startedAt = context.clock().instant();
    this.mark = null;
  }

  /**
   * A render of {@code key}, capturing when {@code captures}, leading waiters when {@code leadership} is
   * set; {@code stored} is the stale entry found, if any, for {@link #staleIfError}, and it is revalidated
   * with {@code conditionalFields} when there are any.
   */
  StealingExchange(
      Context context,
      CacheRequest request,
      CacheKey primary,
      CacheKey key,
      boolean captures,
      CompletableFuture<LeaderEnd> leadership,
      Optional<CachedResponse> stored,
      ResponseHeaders conditionalFields,
      ResponseHeaders extraHeaders) {
    this.context = context;
    this.request = request;
    this.primary = primary;
    this.key = key;
    this.captures = captures;
    this.leadership = leadership;
    this.stored = stored;
    this.revalidates = conditionalFields.size() > 0 && captures && stored.isPresent();
    this.conditionalFields = revalidates ? conditionalFields : ResponseHeaders.empty();
    this.asReceived = this.revalidates ? new ConditionsAsReceived(request) : request;
    this.extraHeaders = extraHeaders;
    this.startedAt = context.clock().instant();
    this.mark = context.invalidations().mark(primary);
  }

  @Override
  public CacheRequest request() {
    return request;
  }

  @Override
  public boolean capturesBody() {
    return captures;
  }

  @Override
  public ByteSize captureLimit() {
    return context.captureLimit();
  }

  @Override
  public ResponseHeaders extraHeaders() {
    return extraHeaders;
  }

  @Override
  public Optional<CachedResponse> staleIfError(int status) {
    if (stored.isEmpty() || !StoredAnswers.isError(status) || !context.invalidations().unchangedSince(mark, primary)) {
      return Optional.empty(); // nothing stale, not an error, or the page was purged while rendering
    }
    Instant now = context.clock().instant();
    Optional<CachedResponse> view = context.policy().staleIfError(now, request, stored);
    view.ifPresent(ignored -> LOG.debug("the render of {} answered {}; a stale copy goes instead", key, status));
    return view.map(stale -> context.answers().stale(stale, stored.get(), now, StoredAnswers.STALE_IF_ERROR));
  }

  @Override
  public boolean hasStaleCopy() {
    return stored.isPresent();
  }

  @Override
  public ResponseHeaders conditionalFields() {
    return conditionalFields;
  }

  @Override
  public Optional<CachedResponse> notModified(CapturedResponse answer) {
    if (!revalidates || revalidated || finished.get() || answer.status() != 304) {
      return Optional.empty();
    }
    Optional<CachedResponse> updated =
        context.policy().validatedBy(startedAt, stored.orElseThrow(), conditionalFields, answer, rules);
    if (updated.isEmpty()) {
      LOG.debug("the 304 for {} does not validate the stored response; it is sent as it is", key);
      return Optional.empty();
    }
    revalidated = true;
    context.stats().revalidated();
    context.writer().storeRevalidated(this, updated.get());
    Instant now = context.clock().instant();
    return Optional.of(context.answers().revalidated(
        context.policy().servedView(now, asReceived, updated.get()), updated.get(), now));
  }

  /** The primary key of the resource rendered; null for an exchange the cache only watches. */
  CacheKey primary() {
    return primary;
  }

  /** The key of the variant rendered; null for an exchange the cache only watches. */
  CacheKey key() {
    return key;
  }

  /** The invalidations this render must still see to be stored; null for an exchange the cache only watches. */
  InvalidationEpochs.Mark mark() {
    return mark;
  }

  /** When the request arrived: a stored entry's age counts from then. */
  Instant startedAt() {
    return startedAt;
  }

  /** Whether the application is asked to revalidate the stored entry rather than render it. */
  boolean revalidates() {
    return revalidates;
  }

  /** Keeps the rules of the handler chosen for this exchange. */
  void rulesChosen(StoreRules chosen) {
    rules = chosen;
  }

  /** Whether a 304 revalidated the stored response. */
  boolean revalidated() {
    return revalidated;
  }

  /** Marks this exchange finished; whether it was not already (only the first report counts). */
  boolean finish() {
    return finished.compareAndSet(false, true);
  }

  /**
   * Counts this render once, as a miss when the request turned out {@code cacheable}, else as a {@link
   * BypassReason#NOT_CACHEABLE} bypass; returns how it was counted (true: a miss). An exchange the cache
   * only watches is no render: it is never counted and counts as not cacheable.
   */
  boolean count(boolean cacheable) {
    if (primary == null) {
      return false;
    }
    if (counted.get() == null && counted.compareAndSet(null, cacheable)) {
      if (cacheable) {
        context.stats().miss();
        if (rejectionWithMiss != null) {
          context.stats().rejected(rejectionWithMiss);
        }
      } else {
        context.stats().bypassed(BypassReason.NOT_CACHEABLE);
        LOG.debug("bypass ({}) {} {}", BypassReason.NOT_CACHEABLE.label(), request.method(), request.path());
      }
    }
    return counted.get();
  }

  /** Counts {@code reason} as a rejection when, and only when, this render is counted as a miss. */
  void rejectWhenCountedAsMiss(RejectReason reason) {
    rejectionWithMiss = reason;
  }

  /** Whether this exchange leads the render of its key (concurrent misses wait for it). */
  boolean leads() {
    return leadership != null;
  }

  /** Tells the requests waiting for this render how it ended, if it leads. */
  void release(LeaderEnd end) {
    if (leadership != null) {
      leadership.complete(end);
    }
  }
}
