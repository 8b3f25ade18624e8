package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.RejectReason;
import dev.surge.cache.RequestDecision;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreDecision;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-stealing step: answers from the store before the application runs, lets one request render a
 * missing key while the others wait for it (for a bounded time), and stores what the policy accepts.
 *
 * <p>A waiter is never handed a half-made response: when the leader's render ends, for any reason, each
 * waiter looks the key up again and renders itself if nothing usable was stored.
 */
public final class RequestStealingStep implements PipelineStep {

  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  private final CachePolicy policy;
  private final ResponseStore store;
  private final StatsRecorder stats;
  private final InstantSource clock;
  private final Duration coalescingTimeout;
  private final ByteSize captureLimit;
  private final CacheStatusField cacheStatus;
  private final VaryIndex varyIndex;
  private final ConcurrentMap<CacheKey, CompletableFuture<Void>> renders = new ConcurrentHashMap<>();

  /** A step over {@code store} deciding by {@code policy}; a zero {@code coalescingTimeout} turns waiting off. */
  public RequestStealingStep(
      CachePolicy policy,
      ResponseStore store,
      StatsRecorder stats,
      InstantSource clock,
      Duration coalescingTimeout,
      ByteSize captureLimit,
      long maximumResources,
      CacheStatusField cacheStatus) {
    this.policy = policy;
    this.store = store;
    this.stats = stats;
    this.clock = clock;
    this.coalescingTimeout = coalescingTimeout;
    this.captureLimit = captureLimit;
    this.cacheStatus = cacheStatus;
    this.varyIndex = new VaryIndex(maximumResources);
  }

  @Override
  public Outcome before(CacheRequest request) {
    try {
      RequestDecision admission = policy.admit(request);
      if (admission instanceof RequestDecision.Miss candidate) {
        return lookUp(request, candidate.key(), true);
      }
      return bypass(request, ((RequestDecision.Bypass) admission).reason());
    } catch (RuntimeException unexpected) {
      LOG.warn("cache lookup failed; the request goes to the application uncached", unexpected);
      return new Proceed(new StealingExchange(request, null, null, false, null, ResponseHeaders.empty()));
    }
  }

  @Override
  public void completed(Exchange exchange, CapturedResponse response) {
    StealingExchange own = (StealingExchange) exchange;
    if (!own.finish()) {
      return;
    }
    try {
      CacheRequest request = own.request();
      if (policy.invalidatesTarget(request, response.status())) {
        policy.resourceKey(request).ifPresent(this::invalidateAfterUnsafeRequest);
      }
      if (own.capturesBody()) {
        offer(request, own.primary, response);
      }
    } catch (RuntimeException unexpected) {
      LOG.warn("storing a response failed; nothing was stored", unexpected);
    } finally {
      own.release(renders);
    }
  }

  @Override
  public void failed(Exchange exchange, Throwable cause) {
    StealingExchange own = (StealingExchange) exchange;
    if (!own.finish()) {
      return;
    }
    if (own.capturesBody()) {
      stats.rejected(RejectReason.INCOMPLETE);
      LOG.debug("not storing {}: the response did not complete ({})", own.primary.url(), cause.toString());
    }
    own.release(renders);
  }

  /** Forgets every resource's {@code Vary} rule; called when the whole store is emptied. */
  public void forgetVaryRules() {
    varyIndex.clear();
  }

  private Outcome lookUp(CacheRequest request, CacheKey primary, boolean mayWait) {
    List<String> varyNames = varyIndex.namesFor(primary);
    Optional<CacheKey> variant = policy.variantKey(primary, varyNames, request);
    if (variant.isEmpty()) {
      return bypass(request, BypassReason.KEY_TOO_LONG);
    }
    CacheKey key = variant.get();
    Optional<CachedResponse> stored = store.get(key).filter(entry -> selects(entry, primary, key, request));
    RequestDecision decision = policy.onLookup(clock.instant(), request, key, stored);
    if (decision instanceof RequestDecision.Hit hit) {
      stats.hit();
      LOG.debug("hit {}", key.url());
      return new Answer(withStatus(hit.response(), cacheStatus.hit(hit.response(), clock.instant())));
    }
    if (decision instanceof RequestDecision.NotModified notModified) {
      stats.notModified();
      LOG.debug("not modified {}", key.url());
      return new Answer(withStatus(notModified.response(), cacheStatus.hit(stored.orElseThrow(), clock.instant())));
    }
    return render(request, primary, key, mayWait);
  }

  private Outcome render(CacheRequest request, CacheKey primary, CacheKey key, boolean mayWait) {
    boolean storable = policy.mayStore(request);
    ResponseHeaders extra = cacheStatus.miss();
    boolean coalescing = mayWait && !coalescingTimeout.isZero();
    CompletableFuture<Void> running = coalescing ? renders.get(key) : null;
    if (running != null) {
      return await(request, primary, running);
    }
    if (!coalescing || !storable || isConditional(request)) {
      return miss(new StealingExchange(request, primary, key, storable, null, extra));
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> other = renders.putIfAbsent(key, mine);
    if (other != null) {
      return await(request, primary, other);
    }
    return miss(new StealingExchange(request, primary, key, true, mine, extra));
  }

  private Outcome miss(StealingExchange exchange) {
    stats.miss();
    LOG.debug("miss {}", exchange.key.url());
    return new Proceed(exchange);
  }

  private Outcome await(CacheRequest request, CacheKey primary, CompletableFuture<Void> leader) {
    stats.coalescedWait();
    AtomicBoolean timedOut = new AtomicBoolean(true);
    CompletionStage<Outcome> next =
        leader
            .thenRun(() -> timedOut.set(false))
            .completeOnTimeout(null, coalescingTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .handle((ignored, error) -> {
              if (timedOut.get()) {
                stats.coalescingTimeout();
              }
              return lookUpAfterWait(request, primary);
            });
    return new Await(next);
  }

  private Outcome lookUpAfterWait(CacheRequest request, CacheKey primary) {
    try {
      return lookUp(request, primary, false);
    } catch (RuntimeException unexpected) {
      LOG.warn("cache lookup after waiting failed; the request goes to the application uncached", unexpected);
      return new Proceed(new StealingExchange(request, null, null, false, null, ResponseHeaders.empty()));
    }
  }

  private Outcome bypass(CacheRequest request, BypassReason reason) {
    stats.bypassed(reason);
    LOG.debug("bypass ({}) {} {}", reason.label(), request.method(), request.path());
    return new Proceed(new StealingExchange(request, null, null, false, null, cacheStatus.bypass(reason)));
  }

  private void offer(CacheRequest request, CacheKey primary, CapturedResponse response) {
    StoreDecision decision = policy.onResponse(clock.instant(), request, response);
    if (decision instanceof StoreDecision.Reject reject) {
      stats.rejected(reject.reason());
      LOG.debug("not storing {}: {}", primary.url(), reject.reason().label());
      return;
    }
    CachedResponse entry = ((StoreDecision.Store) decision).entry();
    List<String> varyNames = policy.varyNames(entry);
    Optional<CacheKey> key = policy.variantKey(primary, varyNames, request);
    if (key.isEmpty()) {
      stats.rejected(RejectReason.VARY);
      return;
    }
    varyIndex.record(primary, varyNames);
    store.put(key.get(), entry);
    stats.stored();
    LOG.debug("stored {} for {}", key.get().url(), entry.freshnessLifetime());
  }

  /** Whether {@code entry}, found under {@code key}, is the variant its own {@code Vary} selects for {@code request}. */
  private boolean selects(CachedResponse entry, CacheKey primary, CacheKey key, CacheRequest request) {
    return policy.variantKey(primary, policy.varyNames(entry), request).map(key::equals).orElse(false);
  }

  private void invalidateAfterUnsafeRequest(CacheKey resource) {
    int removed = store.invalidateResource(resource);
    stats.invalidated(removed);
    LOG.debug("invalidated {} entries of {} after an unsafe request", removed, resource.url());
  }

  private static CachedResponse withStatus(CachedResponse response, ResponseHeaders statusField) {
    if (statusField.size() == 0) {
      return response;
    }
    ResponseHeaders.Field field = statusField.fields().get(0);
    return response.newBuilder().headers(response.headers().with(field.name(), field.value())).build();
  }

  private static boolean isConditional(CacheRequest request) {
    return !request.headers("If-None-Match").isEmpty() || !request.headers("If-Modified-Since").isEmpty();
  }

  /** The step's view of one request on its way through the application. */
  private final class StealingExchange implements Exchange {
    private final CacheRequest request;
    private final CacheKey primary;
    private final CacheKey key;
    private final boolean captures;
    private final CompletableFuture<Void> leadership;
    private final ResponseHeaders extraHeaders;
    private final AtomicBoolean finished = new AtomicBoolean();

    StealingExchange(
        CacheRequest request,
        CacheKey primary,
        CacheKey key,
        boolean captures,
        CompletableFuture<Void> leadership,
        ResponseHeaders extraHeaders) {
      this.request = request;
      this.primary = primary;
      this.key = key;
      this.captures = captures;
      this.leadership = leadership;
      this.extraHeaders = extraHeaders;
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

    boolean finish() {
      return finished.compareAndSet(false, true);
    }

    void release(ConcurrentMap<CacheKey, CompletableFuture<Void>> renders) {
      if (leadership != null) {
        renders.remove(key, leadership);
        leadership.complete(null);
      }
    }
  }
}
