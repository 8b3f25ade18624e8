package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.Purge;
import dev.surge.cache.PurgeListener;
import dev.surge.cache.RejectReason;
import dev.surge.cache.RequestDecision;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.StoreRules;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-stealing step: answers from the store before the application runs, lets one request render a
 * missing key while the others wait for it (for a bounded time), and stores what the policy accepts.
 *
 * <p>A waiter is never handed a half-made response: when the leader's render ends, for any reason, or the
 * bound passes, each waiter looks the key up again and renders itself if nothing usable was stored. A leader
 * that is never reported stops being waited for after the same bound. A render that was running when its
 * resource was invalidated (a purge, a successful unsafe request) is not stored, and a purge that has returned
 * is never undone by a render being stored at the same time. Ages count from when the request arrived, not from
 * when its render finished.
 *
 * <p>Serving stale: an entry inside its {@code stale-while-revalidate} window is served at once while the
 * first request to find it renders the fresh copy (registered like a coalescing leader, so only one renders
 * per key). An entry inside its {@code stale-if-error} window is offered to the adapter in place of an error
 * response of its render, and served to requests whose wait for another render ended with that render failing
 * or running out of time.
 */
public final class RequestStealingStep implements PipelineStep {

  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);
  /** About one leader in this many also releases every expired leader. */
  private static final int SWEEP_EVERY = 1024;
  /** About one hit in this many counts as a use of its key: enough to keep a page in use admitted. */
  private static final int HIT_SAMPLING = 16;
  private static final String STALE_WHILE_REVALIDATE = "stale-while-revalidate";
  private static final String STALE_IF_ERROR = "stale-if-error";

  private final CachePolicy policy;
  private final ResponseStore store;
  private final StatsRecorder stats;
  private final InstantSource clock;
  private final Duration coalescingTimeout;
  private final ByteSize captureLimit;
  private final CacheStatusField cacheStatus;
  private final VaryIndex varyIndex;
  private final UncacheableKeys uncacheable;
  private final PurgeListener purgeListener;
  private final int minimumUses;
  private final UseCounter uses;
  private final InvalidationEpochs epochs = new InvalidationEpochs();
  private final PurgeGate gate = new PurgeGate();
  private final ConcurrentMap<CacheKey, Leader> renders = new ConcurrentHashMap<>();
  /** Counts puts, so that a request about to lead can tell whether anything was stored since its lookup. */
  private final AtomicLong storesMade = new AtomicLong();

  /**
   * A step over {@code store} deciding by {@code policy}; a zero {@code coalescingTimeout} turns waiting
   * off; {@code varyRuleBytes} bounds the memory that remembering each resource's {@code Vary} may take; a
   * key whose response was not stored renders without coalescing for {@code uncacheableMemory}; {@code
   * purgeListener} is told of each target a successful unsafe request invalidated; a response is captured
   * and stored once its key was asked for {@code minimumUses} times, and at least twice while the store is
   * full; uses are counted in a table sized for a store of {@code storeBytes}.
   */
  public RequestStealingStep(
      CachePolicy policy,
      ResponseStore store,
      StatsRecorder stats,
      InstantSource clock,
      Duration coalescingTimeout,
      ByteSize captureLimit,
      ByteSize varyRuleBytes,
      Duration uncacheableMemory,
      CacheStatusField cacheStatus,
      PurgeListener purgeListener,
      int minimumUses,
      ByteSize storeBytes) {
    this.policy = policy;
    this.store = store;
    this.stats = stats;
    this.clock = clock;
    this.coalescingTimeout = coalescingTimeout;
    this.captureLimit = captureLimit;
    this.cacheStatus = cacheStatus;
    this.varyIndex = new VaryIndex(varyRuleBytes);
    this.uncacheable = new UncacheableKeys(uncacheableMemory, clock);
    this.purgeListener = purgeListener;
    this.minimumUses = minimumUses;
    this.uses = new UseCounter(storeBytes.bytes());
  }

  @Override
  public Outcome before(CacheRequest request) {
    return admit(request, false);
  }

  @Override
  public Outcome beforeHandlerChosen(CacheRequest request) {
    return admit(request, true);
  }

  @Override
  public void handlerChosen(Exchange exchange, StoreRules rules) {
    StealingExchange own = (StealingExchange) exchange;
    own.rulesChosen(rules);
    own.count(rules.storable());
  }

  /** Admits and looks up {@code request}; a render is counted at once, or only once its handler is chosen ({@code deferred}). */
  private Outcome admit(CacheRequest request, boolean deferred) {
    try {
      RequestDecision admission = policy.admit(request);
      if (admission instanceof RequestDecision.Miss candidate) {
        return lookUp(request, candidate.key(), true, false, deferred);
      }
      return bypass(request, ((RequestDecision.Bypass) admission).reason());
    } catch (RuntimeException unexpected) {
      LOG.warn("cache lookup failed; the request goes to the application uncached", unexpected);
      return new Proceed(uncachedExchange(request, ResponseHeaders.empty()));
    }
  }

  @Override
  public void completed(Exchange exchange, CapturedResponse response, StoreRules rules) {
    StealingExchange own = (StealingExchange) exchange;
    if (!own.finish()) {
      return;
    }
    if (own.revalidated()) {
      own.release(LeaderEnd.REPORTED); // stored when the 304 arrived
      return;
    }
    boolean cacheable = own.count(rules.storable());
    LeaderEnd end = isError(response.status()) ? LeaderEnd.FAILED : LeaderEnd.REPORTED;
    if (own.revalidates && end == LeaderEnd.FAILED) {
      stats.revalidationFailed();
    }
    try {
      for (CacheKey resource : policy.invalidatedResources(own.request(), response)) {
        int removed = invalidateResource(resource);
        LOG.debug("invalidated {} entries of {} after a successful unsafe request", removed, resource);
        tell(new Purge.Resource(resource));
      }
      if (own.capturesBody() && !cacheable) {
        if (own.leads()) {
          uncacheable.remember(own.key);
        }
      } else if (own.capturesBody()
          && offer(own, response, rules).filter(RejectReason.CREDENTIAL_IN_BODY::equals).isPresent()) {
        end = LeaderEnd.PERSONAL;
      }
    } catch (RuntimeException unexpected) {
      LOG.warn("storing a response failed; nothing was stored", unexpected);
    } finally {
      own.release(end);
    }
  }

  @Override
  public void failed(Exchange exchange, Throwable cause) {
    StealingExchange own = (StealingExchange) exchange;
    if (!own.finish()) {
      return;
    }
    if (own.revalidated()) {
      own.release(LeaderEnd.REPORTED); // the 304 was handled; what failed came after it (e.g. the client left)
      return;
    }
    if (own.revalidates) {
      stats.revalidationFailed();
    }
    try {
      // An unsafe request that failed invalidates nothing (RFC 9111 §4.4 asks for a non-error response): else
      // any client could purge any page with a request the application refuses.
      if (own.count(true) && own.capturesBody()) {
        stats.rejected(RejectReason.INCOMPLETE);
        LOG.debug("not storing {}: the response did not complete ({})", own.key, String.valueOf(cause));
      }
    } catch (RuntimeException unexpected) {
      LOG.warn("handling a failed response failed", unexpected);
    } finally {
      own.release(LeaderEnd.FAILED);
    }
  }

  /** Removes every stored variant of the resource {@code key} names; renders running now are not stored. */
  public int invalidateResource(CacheKey key) {
    gate.mark(() -> epochs.resourceInvalidated(key));
    return counted(store.invalidateResource(key.primary()));
  }

  /** Removes every entry under {@code pathPrefix}; renders running now are not stored. */
  public int invalidatePathPrefix(String pathPrefix) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidatePathPrefix(pathPrefix));
  }

  /** Removes every entry of exactly {@code path} and {@code query} on any host; renders running now are not stored. */
  public int invalidatePath(String path, String query) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidatePath(path, query));
  }

  /** Removes every entry tagged {@code tag}; renders running now are not stored. */
  public int invalidateTag(String tag) {
    gate.mark(epochs::manyInvalidated);
    return counted(store.invalidateTag(tag));
  }

  /** Removes every entry and every {@code Vary} rule; renders running now are not stored. */
  public int invalidateAll() {
    gate.mark(epochs::manyInvalidated);
    long entries = store.snapshot().entries();
    store.invalidateAll();
    varyIndex.clear();
    return counted(entries);
  }

  /** Drops the store's current generation and every {@code Vary} rule at once. */
  public void recycle() {
    epochs.manyInvalidated();
    store.recycle();
    varyIndex.clear();
  }

  private int counted(long removed) {
    stats.invalidated(removed);
    return (int) removed;
  }

  private void tell(Purge purge) {
    try {
      purgeListener.purged(purge);
    } catch (RuntimeException failure) {
      LOG.warn("the purge listener failed on {}; the invalidation was applied to this cache", purge, failure);
    }
  }

  /**
   * Looks {@code request} up under {@code primary}; a request may wait for another's render only when {@code
   * mayWait}, and one whose wait ended without a usable render ({@code leaderFailed}) takes a stale copy
   * inside its {@code stale-if-error} window before rendering itself.
   */
  private Outcome lookUp(
      CacheRequest request, CacheKey primary, boolean mayWait, boolean leaderFailed, boolean deferred) {
    List<String> varyNames = varyIndex.namesFor(primary);
    Optional<CacheKey> variant = policy.variantKey(primary, varyNames, request);
    if (variant.isEmpty()) {
      return bypass(request, BypassReason.KEY_TOO_LONG);
    }
    CacheKey key = variant.get();
    Instant now = clock.instant();
    long storesBefore = storesMade.get();
    Optional<CachedResponse> found = store.get(key, now);
    Optional<CachedResponse> stored =
        found.isPresent() && selects(found.get(), primary, key, varyNames, request) ? found : Optional.empty();
    RequestDecision decision = policy.onLookup(now, request, key, stored);
    if (decision instanceof RequestDecision.Hit hit) {
      stats.hit();
      if (ThreadLocalRandom.current().nextInt(HIT_SAMPLING) == 0) {
        uses.record(key); // so that a page in use is stored again at once when it expires in a full store
      }
      LOG.debug("hit {}", key);
      return new Answer(withStatus(hit.response(), cacheStatus.hit(stored.orElseThrow(), now)));
    }
    if (decision instanceof RequestDecision.NotModified notModified) {
      stats.notModified();
      LOG.debug("not modified {}", key);
      return new Answer(withStatus(notModified.response(), cacheStatus.hit(stored.orElseThrow(), now)));
    }
    if (decision instanceof RequestDecision.Stale stale) {
      return refreshOrServeStale(request, primary, stale, stored.orElseThrow(), now, deferred);
    }
    boolean revalidates = decision instanceof RequestDecision.Revalidate;
    if (leaderFailed) {
      Optional<CachedResponse> fallback = policy.staleIfError(now, request, stored);
      if (fallback.isPresent()) {
        return servedStale(fallback.get(), stored.orElseThrow(), now, STALE_IF_ERROR);
      }
    }
    return render(request, primary, key, mayWait, stored, revalidates, storesBefore, deferred);
  }

  /**
   * An entry inside its {@code stale-while-revalidate} window: the first request to find it renders the fresh
   * copy (leading, so only one does), every other request is served the stale entry at once.
   */
  private Outcome refreshOrServeStale(
      CacheRequest request,
      CacheKey primary,
      RequestDecision.Stale stale,
      CachedResponse entry,
      Instant now,
      boolean deferred) {
    CacheKey key = stale.key();
    long nanos = System.nanoTime();
    if (liveLeader(key, nanos) == null && policy.mayLead(request)) {
      Leader mine = new Leader(new CompletableFuture<>(), nanos + coalescingTimeout.toNanos());
      if (renders.putIfAbsent(key, mine) == null) {
        mine.done().whenComplete((end, error) -> renders.remove(key, mine));
        LOG.debug("refreshing stale {}", key);
        StealingExchange refresh = new StealingExchange(request, primary, key, true, mine.done(), Optional.of(entry),
            entry.conditionalFields().size() > 0, cacheStatus.staleRefresh());
        return miss(refresh, deferred);
      }
    }
    return servedStale(stale.response(), entry, now, STALE_WHILE_REVALIDATE);
  }

  private Outcome servedStale(CachedResponse view, CachedResponse entry, Instant now, String why) {
    return new Answer(staleServed(view, entry, now, why));
  }

  /** Counts one stale answer and gives {@code view} with its {@code Cache-Status}. */
  private CachedResponse staleServed(CachedResponse view, CachedResponse entry, Instant now, String why) {
    if (why.equals(STALE_WHILE_REVALIDATE)) {
      stats.staleWhileRevalidating();
    } else {
      stats.staleIfError();
    }
    LOG.debug("serving stale ({}) {}", why, entry);
    return withStatus(view, cacheStatus.staleHit(entry, now, why));
  }

  /**
   * A miss of {@code key}, or the revalidation of its {@code stored} entry when {@code revalidates}: wait for
   * a render already running (unless this request has waited once), else render without capturing while the
   * key is asked for too rarely to be stored (a stored entry to revalidate is in use), else lead the render
   * when this request may, else render alone.
   */
  private Outcome render(
      CacheRequest request,
      CacheKey primary,
      CacheKey key,
      boolean mayWait,
      Optional<CachedResponse> stored,
      boolean revalidates,
      long storesBefore,
      boolean deferred) {
    boolean storable = policy.mayStore(request);
    boolean coalescing = !coalescingTimeout.isZero();
    long now = System.nanoTime();
    Leader running = coalescing ? liveLeader(key, now) : null;
    if (running != null && mayWait) {
      return await(request, primary, running, now, deferred);
    }
    int asked = storable ? uses.record(key) : 0; // after the leader check: nothing slows the lookup-to-lead path
    if (storable && !revalidates && askedTooRarely(asked)) {
      LOG.debug("not capturing {}: asked for {} times lately", key, asked);
      StealingExchange rare =
          new StealingExchange(request, primary, key, false, null, stored, false, cacheStatus.miss());
      rare.rejectWhenCountedAsMiss(RejectReason.RARELY_USED);
      return miss(rare, deferred);
    }
    ResponseHeaders status = revalidates ? cacheStatus.staleRefresh() : cacheStatus.miss();
    boolean mayLead = revalidates ? !policy.carriesCredentials(request) : policy.mayLead(request);
    if (!coalescing || running != null || !storable || !mayLead || uncacheable.contains(key)) {
      return miss(new StealingExchange(request, primary, key, storable, null, stored, revalidates, status), deferred);
    }
    Leader mine = new Leader(new CompletableFuture<>(), now + coalescingTimeout.toNanos());
    Leader other = renders.putIfAbsent(key, mine);
    if (other != null) {
      return mayWait
          ? await(request, primary, other, now, deferred)
          : miss(new StealingExchange(request, primary, key, true, null, stored, revalidates, status), deferred);
    }
    mine.done().whenComplete((end, error) -> renders.remove(key, mine));
    if (mayWait && stored.isEmpty() && storesMade.get() != storesBefore && store.get(key, clock.instant()).isPresent()) {
      // another render of this key ended, stored and stopped leading between this request's lookup and its lead
      mine.done().complete(LeaderEnd.REPORTED);
      return lookUp(request, primary, false, false, deferred);
    }
    if (ThreadLocalRandom.current().nextInt(SWEEP_EVERY) == 0) {
      releaseExpiredLeaders(now);
    }
    return miss(new StealingExchange(request, primary, key, true, mine.done(), stored, revalidates, status), deferred);
  }

  /**
   * Whether a key asked for {@code asked} times lately is not worth a copy of its response: fewer than {@code
   * minimumUses} times, or only once while the store is full, where a page asked for once would displace
   * pages in use (the admission filter of TinyLFU, reduced to one question).
   */
  private boolean askedTooRarely(int asked) {
    return asked < minimumUses || (asked < 2 && store.isFull());
  }

  /**
   * The render of {@code key} others may wait for, if any. A leader past its deadline is released here
   * (its waiters look up again), rather than by a timer per render: scheduling one per miss would wake the
   * JDK's delay thread on every miss.
   */
  private Leader liveLeader(CacheKey key, long now) {
    Leader leader = renders.get(key);
    if (leader == null) {
      return null;
    }
    if (leader.done().isDone()) { // ended; its waiters are still being woken before it leaves the map
      renders.remove(key, leader);
      return null;
    }
    if (leader.expiredAt(now)) {
      leader.done().complete(LeaderEnd.RELEASED); // removes it from the map
      return null;
    }
    return leader;
  }

  /** Releases every leader past its deadline, so that leaders nobody reports nor asks about again go away. */
  private void releaseExpiredLeaders(long now) {
    for (Leader leader : renders.values()) {
      if (leader.expiredAt(now)) {
        leader.done().complete(LeaderEnd.RELEASED);
      }
    }
  }

  /**
   * Whether {@code status} is one RFC 5861 §4 counts as an error for {@code stale-if-error}. A switch, not a
   * set of boxed statuses: this runs after every render, when the render has pushed such data out of the CPU's
   * caches.
   */
  private static boolean isError(int status) {
    return switch (status) {
      case 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /** A render of {@code exchange}'s key, counted as a miss now unless it is counted once its handler is chosen. */
  private Outcome miss(StealingExchange exchange, boolean deferred) {
    if (!deferred) {
      exchange.count(true);
    }
    LOG.debug("miss {}", exchange.key);
    return new Proceed(exchange);
  }

  /** Waits for {@code leader}, at most until its deadline, then looks up again. */
  private Outcome await(CacheRequest request, CacheKey primary, Leader leader, long now, boolean deferred) {
    stats.coalescedWait();
    CompletionStage<Outcome> next =
        leader
            .done()
            .copy()
            .completeOnTimeout(LeaderEnd.RELEASED, Math.max(0, leader.deadlineNanos() - now), TimeUnit.NANOSECONDS)
            .handle((end, error) -> {
              if (end == LeaderEnd.RELEASED) {
                stats.coalescingTimeout();
              }
              return lookUpAfterWait(request, primary, end, deferred);
            });
    return new Await(next);
  }

  /** How a render others waited for ended. */
  private enum LeaderEnd {
    /** Reported complete with a response that is not an error. */
    REPORTED,
    /** Reported failed, or complete with an error status. */
    FAILED,
    /** Not reported within the bound, so no longer waited for. */
    RELEASED,
    /**
     * Reported complete, but not stored because it echoed the leader's own cookie or credentials: another
     * request's render may well be stored, so the waiters may coalesce again behind a new leader.
     */
    PERSONAL
  }

  /** A running render of one key: completed with how it ended once it ends or is released. */
  private record Leader(CompletableFuture<LeaderEnd> done, long deadlineNanos) {
    boolean expiredAt(long now) {
      return now - deadlineNanos >= 0;
    }
  }

  private Outcome lookUpAfterWait(CacheRequest request, CacheKey primary, LeaderEnd end, boolean deferred) {
    try {
      boolean leaderFailed = end == LeaderEnd.FAILED || end == LeaderEnd.RELEASED;
      return lookUp(request, primary, end == LeaderEnd.PERSONAL, leaderFailed, deferred);
    } catch (RuntimeException unexpected) {
      LOG.warn("cache lookup after waiting failed; the request goes to the application uncached", unexpected);
      return new Proceed(uncachedExchange(request, ResponseHeaders.empty()));
    }
  }

  private Outcome bypass(CacheRequest request, BypassReason reason) {
    stats.bypassed(reason);
    LOG.debug("bypass ({}) {} {}", reason.label(), request.method(), request.path());
    return new Proceed(uncachedExchange(request, cacheStatus.bypass(reason)));
  }

  /** Stores the response if it may be; returns why not, empty when it was stored. */
  private Optional<RejectReason> offer(StealingExchange exchange, CapturedResponse response, StoreRules rules) {
    CacheKey primary = exchange.primary;
    if (!epochs.unchangedSince(exchange.mark, primary)) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing {}: invalidated while rendering", primary);
      return Optional.of(RejectReason.INVALIDATED);
    }
    StoreDecision decision = policy.onResponse(exchange.startedAt, exchange.request(), response, rules);
    if (decision instanceof StoreDecision.Reject reject) {
      stats.rejected(reject.reason());
      // A request that may lead is a plain one, so the response itself was refused, unless it was refused for
      // echoing the request's own cookie: the next request's render may well be stored.
      if (exchange.leads() && reject.reason() != RejectReason.CREDENTIAL_IN_BODY) {
        uncacheable.remember(exchange.key);
      }
      LOG.debug("not storing {}: {}", primary, reject.reason().label());
      return Optional.of(reject.reason());
    }
    CachedResponse entry = ((StoreDecision.Store) decision).entry();
    List<String> varyNames = policy.varyNames(entry);
    Optional<CacheKey> key = policy.variantKey(primary, varyNames, exchange.request());
    if (key.isEmpty()) {
      stats.rejected(RejectReason.VARY);
      return Optional.of(RejectReason.VARY);
    }
    varyIndex.record(primary, varyNames);
    if (!gate.writeIf(() -> epochs.unchangedSince(exchange.mark, primary), () -> store.put(key.get(), entry))) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing {}: invalidated while it was being stored", primary);
      return Optional.of(RejectReason.INVALIDATED);
    }
    storesMade.incrementAndGet();
    uncacheable.forget(exchange.key);
    stats.stored();
    LOG.debug("stored {} for {}", key.get(), entry.freshnessLifetime());
    return Optional.empty();
  }

  /**
   * Stores {@code updated}, the entry {@code exchange} revalidated, in place of the stale one, unless its new
   * fields forbid storing it or the page was purged since the revalidation began.
   */
  private void storeRevalidated(StealingExchange exchange, CachedResponse updated) {
    Optional<RejectReason> refused = policy.refusalOfUpdated(exchange.request, updated);
    if (refused.isPresent()) {
      stats.rejected(refused.get());
      LOG.debug("not storing revalidated {}: {}", exchange.key, refused.get().label());
      return;
    }
    CacheKey primary = exchange.primary;
    if (!gate.writeIf(() -> epochs.unchangedSince(exchange.mark, primary), () -> store.put(exchange.key, updated))) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing revalidated {}: invalidated while revalidating", primary);
      return;
    }
    storesMade.incrementAndGet();
    LOG.debug("revalidated {} for {}", exchange.key, updated.freshnessLifetime());
  }

  /**
   * Whether {@code entry}, found under {@code key} (the variant {@code varyNames} select), is the variant its
   * own {@code Vary} selects for {@code request}.
   */
  private boolean selects(
      CachedResponse entry, CacheKey primary, CacheKey key, List<String> varyNames, CacheRequest request) {
    List<String> ownNames = policy.varyNames(entry);
    if (ownNames.equals(varyNames)) {
      return true; // the same names select the same variant: the one key was built for
    }
    Optional<CacheKey> selected = policy.variantKey(primary, ownNames, request);
    return selected.isPresent() && selected.get().equals(key);
  }

  private static CachedResponse withStatus(CachedResponse response, ResponseHeaders statusField) {
    if (statusField.size() == 0) {
      return response;
    }
    ResponseHeaders.Field field = statusField.fields().get(0);
    return response.newBuilder().headers(response.headers().with(field.name(), field.value())).build();
  }

  private StealingExchange uncachedExchange(CacheRequest request, ResponseHeaders extraHeaders) {
    return new StealingExchange(request, extraHeaders);
  }

  /** The step's view of one request on its way through the application. */
  private final class StealingExchange implements Exchange {
    private final CacheRequest request;
    private final CacheKey primary;
    private final CacheKey key;
    private final boolean captures;
    private final CompletableFuture<LeaderEnd> leadership;
    private final Optional<CachedResponse> stored;
    /** Whether the application is asked to revalidate {@link #stored} rather than render it. */
    private final boolean revalidates;
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
    StealingExchange(CacheRequest request, ResponseHeaders extraHeaders) {
      this.request = request;
      this.primary = null;
      this.key = null;
      this.captures = false;
      this.leadership = null;
      this.stored = Optional.empty();
      this.revalidates = false;
      this.asReceived = request;
      this.extraHeaders = extraHeaders;
      this.startedAt = clock.instant();
      this.mark = null;
    }

    /**
     * A render of {@code key}, capturing when {@code captures}, leading waiters when {@code leadership} is
     * set; {@code stored} is the stale entry found, if any, for {@link #staleIfError}, and it is revalidated
     * with its conditional fields when {@code revalidates}.
     */
    StealingExchange(
        CacheRequest request,
        CacheKey primary,
        CacheKey key,
        boolean captures,
        CompletableFuture<LeaderEnd> leadership,
        Optional<CachedResponse> stored,
        boolean revalidates,
        ResponseHeaders extraHeaders) {
      this.request = request;
      this.primary = primary;
      this.key = key;
      this.captures = captures;
      this.leadership = leadership;
      this.stored = stored;
      this.revalidates = revalidates && captures && stored.isPresent();
      this.asReceived = this.revalidates ? new ConditionsAsReceived(request) : request;
      this.extraHeaders = extraHeaders;
      this.startedAt = clock.instant();
      this.mark = epochs.mark(primary);
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
      return captureLimit;
    }

    @Override
    public ResponseHeaders extraHeaders() {
      return extraHeaders;
    }

    @Override
    public Optional<CachedResponse> staleIfError(int status) {
      if (stored.isEmpty() || !isError(status) || !epochs.unchangedSince(mark, primary)) {
        return Optional.empty(); // nothing stale, not an error, or the page was purged while rendering
      }
      Instant now = clock.instant();
      Optional<CachedResponse> view = policy.staleIfError(now, request, stored);
      view.ifPresent(ignored -> LOG.debug("the render of {} answered {}; a stale copy goes instead", key, status));
      return view.map(stale -> staleServed(stale, stored.get(), now, STALE_IF_ERROR));
    }

    @Override
    public boolean hasStaleCopy() {
      return stored.isPresent();
    }

    @Override
    public ResponseHeaders conditionalFields() {
      return revalidates ? stored.orElseThrow().conditionalFields() : ResponseHeaders.empty();
    }

    @Override
    public Optional<CachedResponse> notModified(CapturedResponse answer) {
      if (!revalidates || revalidated || finished.get() || answer.status() != 304) {
        return Optional.empty();
      }
      Optional<CachedResponse> updated = policy.validatedBy(startedAt, stored.orElseThrow(), answer, rules);
      if (updated.isEmpty()) {
        LOG.debug("the 304 for {} does not validate the stored response; it is sent as it is", key);
        return Optional.empty();
      }
      revalidated = true;
      stats.revalidated();
      storeRevalidated(this, updated.get());
      Instant now = clock.instant();
      return Optional.of(withStatus(policy.servedView(now, asReceived, updated.get()),
          cacheStatus.revalidated(updated.get(), now)));
    }

    /** Keeps the rules of the handler chosen for this exchange. */
    void rulesChosen(StoreRules chosen) {
      rules = chosen;
    }

    /** Whether a 304 revalidated the stored response. */
    boolean revalidated() {
      return revalidated;
    }

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
          stats.miss();
          if (rejectionWithMiss != null) {
            stats.rejected(rejectionWithMiss);
          }
        } else {
          stats.bypassed(BypassReason.NOT_CACHEABLE);
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

    void release(LeaderEnd end) {
      if (leadership != null) {
        leadership.complete(end);
      }
    }
  }
}
