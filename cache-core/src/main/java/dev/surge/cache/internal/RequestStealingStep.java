package dev.surge.cache.internal;

import dev.surge.cache.BypassReason;
import dev.surge.cache.ByteSize;
import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.PipelineStep;
import dev.surge.cache.PurgeListener;
import dev.surge.cache.RejectReason;
import dev.surge.cache.RenderClaim;
import dev.surge.cache.RequestDecision;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.SharedLookup;
import dev.surge.cache.SharedTier;
import dev.surge.cache.StoreRules;
import dev.surge.cache.internal.LeaderRegistry.Leader;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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
 *
 * <p>A store with a {@linkplain ResponseStore#sharedTier() shared tier} is asked for a key its memory missed
 * without blocking (the request {@linkplain Await awaits} the answer), at most once at a time per key: requests
 * missing the same key meanwhile share the answer, and requests waiting for this process's render of the key ask
 * only if memory did not keep what it stored. What the tier finds is served even when memory does not keep it.
 * With coalescing on, the request leading a render of this process first {@linkplain SharedTier#claim claims} it
 * across the fleet, so that other processes wait for its entry instead of rendering too, and releases the claim
 * when its render ends.
 *
 * <p>The step acts; the policy decides ({@link CachePolicy#onLookup} gives one decision value per lookup). The
 * parts it acts with each keep one concern: {@code LeaderRegistry} (who renders a key while others wait),
 * {@code StealingExchange} (one request on its way through the application), {@code StoreWriter} (what gets
 * stored), {@code Invalidations} (purges, and the renders they overtake) and {@code StoredAnswers} (answers
 * from the store with their {@code Cache-Status}); {@code CaptureAdmission} says which renders are worth
 * capturing.
 */
public final class RequestStealingStep implements PipelineStep {

  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  private final CachePolicy policy;
  private final ResponseStore store;
  private final Optional<SharedTier> sharedTier;
  private final Optional<SharedFetches> sharedFetches;
  private final StatsRecorder stats;
  private final InstantSource clock;
  private final CacheStatusField cacheStatus;
  private final VaryIndex varyIndex;
  private final UncacheableKeys uncacheable;
  private final CaptureAdmission captures;
  private final LeaderRegistry leaders;
  private final Invalidations invalidations;
  private final StoreWriter writer;
  private final StoredAnswers answers;
  private final StealingExchange.Context exchanges;

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
    this.sharedTier = store.sharedTier();
    this.sharedFetches = sharedTier.map(SharedFetches::new);
    this.stats = stats;
    this.clock = clock;
    this.cacheStatus = cacheStatus;
    this.varyIndex = new VaryIndex(varyRuleBytes);
    this.uncacheable = new UncacheableKeys(uncacheableMemory, clock);
    this.captures = new CaptureAdmission(store, minimumUses, storeBytes.bytes());
    this.leaders = new LeaderRegistry(coalescingTimeout);
    this.invalidations = new Invalidations(store, stats, varyIndex, purgeListener);
    this.writer = new StoreWriter(policy, store, stats, invalidations, varyIndex, uncacheable);
    this.answers = new StoredAnswers(stats, cacheStatus);
    this.exchanges =
        new StealingExchange.Context(policy, stats, clock, captureLimit, invalidations, answers, writer);
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
        return lookUp(request, candidate.key(), LookupPass.first(deferred));
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
    LeaderEnd end = StoredAnswers.isError(response.status()) ? LeaderEnd.FAILED : LeaderEnd.REPORTED;
    if (own.revalidates() && end == LeaderEnd.FAILED) {
      stats.revalidationFailed();
    }
    try {
      for (CacheKey resource : policy.invalidatedResources(own.request(), response)) {
        invalidations.invalidateAfterUnsafeRequest(resource);
      }
      if (own.capturesBody() && !cacheable) {
        if (own.leads()) {
          uncacheable.remember(own.key());
        }
      } else if (own.capturesBody()
          && writer.offer(own, response, rules).filter(RejectReason.CREDENTIAL_IN_BODY::equals).isPresent()) {
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
    if (own.revalidates()) {
      stats.revalidationFailed();
    }
    try {
      // An unsafe request that failed invalidates nothing (RFC 9111 §4.4 asks for a non-error response): else
      // any client could purge any page with a request the application refuses.
      if (own.count(true) && own.capturesBody()) {
        stats.rejected(RejectReason.INCOMPLETE);
        LOG.debug("not storing {}: the response did not complete ({})", own.key(), String.valueOf(cause));
      }
    } catch (RuntimeException unexpected) {
      LOG.warn("handling a failed response failed", unexpected);
    } finally {
      own.release(LeaderEnd.FAILED);
    }
  }

  /** The purges of this step's store: each applied here, and never undone by a render stored meanwhile. */
  public Invalidations invalidations() {
    return invalidations;
  }

  /**
   * Looks {@code request} up under {@code primary}, as far as {@code pass} has gone: a request whose wait ended
   * without a usable render takes a stale copy inside its {@code stale-if-error} window before rendering itself;
   * a key missing from memory is asked of the shared tier first, unless this process is rendering it already.
   */
  private Outcome lookUp(CacheRequest request, CacheKey primary, LookupPass pass) {
    return lookUp(request, primary, pass, Optional.empty());
  }

  /**
   * As {@link #lookUp(CacheRequest, CacheKey, LookupPass)}, with what the shared tier found: used when memory
   * does not hold it (a full store may not keep what the tier offers it), if it is for the key looked up.
   */
  private Outcome lookUp(
      CacheRequest request, CacheKey primary, LookupPass pass, Optional<SharedHit> fromTier) {
    List<String> varyNames = varyIndex.namesFor(primary);
    Optional<CacheKey> variant = policy.variantKey(primary, varyNames, request);
    if (variant.isEmpty()) {
      return bypass(request, BypassReason.KEY_TOO_LONG);
    }
    CacheKey key = variant.get();
    Instant now = clock.instant();
    long storesBefore = writer.storesMade();
    Optional<CachedResponse> found = store.get(key, now);
    if (found.isEmpty() && fromTier.isPresent() && fromTier.get().key().equals(key)) {
      found = Optional.of(fromTier.get().entry());
    }
    if (found.isEmpty() && !pass.fetched() && sharedTier.isPresent()
        && !(pass.mayWait() && leaders.live(key, System.nanoTime()) != null)) {
      return fetchShared(sharedFetches.orElseThrow(), request, primary, key, varyNames.isEmpty(), pass);
    }
    Optional<CachedResponse> stored =
        found.isPresent() && selects(found.get(), primary, key, varyNames, request) ? found : Optional.empty();
    RequestDecision decision = policy.onLookup(now, request, key, stored);
    if (decision instanceof RequestDecision.Hit hit) {
      stats.hit();
      captures.hit(key);
      LOG.debug("hit {}", key);
      return new Answer(answers.hit(hit.response(), stored.orElseThrow(), now));
    }
    if (decision instanceof RequestDecision.NotModified notModified) {
      stats.notModified();
      LOG.debug("not modified {}", key);
      return new Answer(answers.hit(notModified.response(), stored.orElseThrow(), now));
    }
    if (decision instanceof RequestDecision.Stale stale) {
      return refreshOrServeStale(request, primary, stale, stored.orElseThrow(), now, pass.deferred());
    }
    ResponseHeaders conditionalFields = decision instanceof RequestDecision.Revalidate revalidate
        ? revalidate.conditionalFields()
        : ResponseHeaders.empty();
    if (pass.leaderFailed()) {
      Optional<CachedResponse> fallback = policy.staleIfError(now, request, stored);
      if (fallback.isPresent()) {
        return new Answer(answers.stale(fallback.get(), stored.orElseThrow(), now, StoredAnswers.STALE_IF_ERROR));
      }
    }
    return render(request, primary, key, pass, stored, conditionalFields, storesBefore);
  }

  /**
   * Asks the shared tier for {@code key}, which memory missed, then looks up again with what it found. When this
   * process knew no {@code Vary} for the resource ({@code varyUnknown}) and the tier did, it
   * learns it and asks again, once, under the variant key the request selects.
   */
  private Outcome fetchShared(
      SharedFetches tier, CacheRequest request, CacheKey primary, CacheKey key, boolean varyUnknown,
      LookupPass pass) {
    LOG.debug("asking the shared tier for {}", key);
    return new Await(tier.fetch(key).thenApply(found -> {
      if (found instanceof SharedLookup.VariesBy varies && varyUnknown && !pass.varyLearned()) {
        VaryHeader vary = VaryHeader.parse(varies.varyFieldValues());
        if (!vary.names().isEmpty() && !vary.any() && !vary.malformed()) {
          varyIndex.record(primary, vary.names());
          return lookUpAgain(request, primary, pass.afterVaryLearned());
        }
      }
      Optional<SharedHit> hit = found instanceof SharedLookup.Found entry
          ? Optional.of(new SharedHit(key, entry.entry()))
          : Optional.empty();
      return lookUpAgain(request, primary, pass.afterFetch(), hit);
    }));
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
    if (leaders.live(key, nanos) == null && policy.mayLead(request)) {
      Leader mine = leaders.newLeader(nanos);
      if (leaders.register(key, mine) == null) {
        LOG.debug("refreshing stale {}", key);
        StealingExchange refresh = new StealingExchange(exchanges, request, primary, key, true, mine.done(),
            Optional.of(entry), policy.revalidationFields(request, entry).orElse(ResponseHeaders.empty()),
            cacheStatus.staleRefresh());
        return miss(refresh, deferred);
      }
    }
    return new Answer(answers.stale(stale.response(), entry, now, StoredAnswers.STALE_WHILE_REVALIDATE));
  }

  /**
   * A miss of {@code key}, or the revalidation of its {@code stored} entry with {@code conditionalFields} when
   * there are any: wait for
   * a render already running (unless this request has waited once), else render without capturing while the
   * key is asked for too rarely to be stored (a stored entry to revalidate is in use), else lead the render
   * when this request may (claiming it across the fleet when the store shares a tier), else render alone.
   */
  private Outcome render(
      CacheRequest request,
      CacheKey primary,
      CacheKey key,
      LookupPass pass,
      Optional<CachedResponse> stored,
      ResponseHeaders conditionalFields,
      long storesBefore) {
    boolean mayWait = pass.mayWait();
    boolean deferred = pass.deferred();
    boolean revalidates = conditionalFields.size() > 0;
    boolean storable = policy.mayStore(request);
    boolean coalescing = leaders.coalesces();
    long now = System.nanoTime();
    Leader running = coalescing ? leaders.live(key, now) : null;
    if (running != null && mayWait) {
      return await(request, primary, running, now, deferred);
    }
    int asked = storable ? captures.asked(key) : 0; // after the leader check: nothing slows the lookup-to-lead path
    if (storable && !revalidates && captures.tooRarely(asked)) {
      LOG.debug("not capturing {}: asked for {} times lately", key, asked);
      StealingExchange rare =
          new StealingExchange(exchanges, request, primary, key, false, null, stored, ResponseHeaders.empty(),
              cacheStatus.miss());
      rare.rejectWhenCountedAsMiss(RejectReason.RARELY_USED);
      return miss(rare, deferred);
    }
    ResponseHeaders status = revalidates ? cacheStatus.staleRefresh() : cacheStatus.miss();
    boolean mayLead = revalidates ? !policy.carriesCredentials(request) : policy.mayLead(request);
    if (!coalescing || running != null || !storable || !mayLead || uncacheable.contains(key)) {
      return miss(
          new StealingExchange(exchanges, request, primary, key, storable, null, stored, conditionalFields, status),
          deferred);
    }
    Leader mine = leaders.newLeader(now);
    Leader other = leaders.register(key, mine);
    if (other != null) {
      return mayWait
          ? await(request, primary, other, now, deferred)
          : miss(new StealingExchange(exchanges, request, primary, key, true, null, stored, conditionalFields, status),
              deferred);
    }
    if (mayWait && stored.isEmpty() && writer.storesMade() != storesBefore
        && store.get(key, clock.instant()).isPresent()) {
      // another render of this key ended, stored and stopped leading between this request's lookup and its lead
      mine.done().complete(LeaderEnd.REPORTED);
      return lookUp(request, primary, pass.withoutWaiting());
    }
    leaders.releaseExpiredNowAndThen(now);
    Function<Leader, StealingExchange> leading = leader ->
        new StealingExchange(exchanges, request, primary, key, true, leader.done(), stored, conditionalFields, status);
    if (sharedTier.isPresent() && sharedTier.get().claimsRenders() && !pass.claimed() && !revalidates) {
      return claimAcrossFleet(sharedTier.get(), request, primary, key, mine, pass, leading);
    }
    return miss(leading.apply(mine), deferred);
  }

  /**
   * Claims the render of {@code key} that {@code mine} leads in this process across the fleet, then: renders under
   * the claim (released when this process's render ends, after its response was stored); or, when another
   * process rendered the key meanwhile, ends this process's render unrun and serves that entry; or renders
   * alone, behind a new leader with a deadline of its own. The fleet is waited for at most three quarters of
   * what is left of {@code mine}'s deadline, so that the requests waiting here are still waiting when the claim
   * ends: they then wait on for this render, behind the new leader, rather than each render beside it.
   */
  private Outcome claimAcrossFleet(
      SharedTier tier,
      CacheRequest request,
      CacheKey primary,
      CacheKey key,
      Leader mine,
      LookupPass pass,
      Function<Leader, StealingExchange> leading) {
    CompletionStage<RenderClaim> claimed;
    try {
      long left = Math.max(0, mine.deadlineNanos() - System.nanoTime());
      claimed = tier.claim(key, Duration.ofNanos(left / 4 * 3));
    } catch (RuntimeException broken) {
      claimed = CompletableFuture.failedFuture(broken);
    }
    CompletionStage<Outcome> next = claimed.handle((claim, error) -> {
      Leader leader = mine;
      try {
        if (claim instanceof RenderClaim.Granted granted) {
          mine.done().whenComplete((end, failure) -> granted.release().run());
        } else if (claim instanceof RenderClaim.RenderedElsewhere elsewhere) {
          mine.done().complete(LeaderEnd.REPORTED);
          return lookUp(request, primary, pass.afterClaim(), Optional.of(new SharedHit(key, elsewhere.entry())));
        } else {
          leader = leaders.handOver(key, mine, System.nanoTime());
        }
      } catch (RuntimeException unexpected) {
        LOG.warn("claiming a render across the fleet failed; rendering alone", unexpected);
      }
      return miss(leading.apply(leader), pass.deferred());
    });
    return new Await(next);
  }

  /** A render of {@code exchange}'s key, counted as a miss now unless it is counted once its handler is chosen. */
  private Outcome miss(StealingExchange exchange, boolean deferred) {
    if (!deferred) {
      exchange.count(true);
    }
    LOG.debug("miss {}", exchange.key());
    return new Proceed(exchange);
  }

  /** Waits for {@code leader}, at most until its deadline, then looks up again. */
  private Outcome await(CacheRequest request, CacheKey primary, Leader leader, long now, boolean deferred) {
    stats.coalescedWait();
    CompletionStage<Outcome> next =
        leaders.endOf(leader, now).handle((end, error) -> {
          if (end == LeaderEnd.RELEASED) {
            stats.coalescingTimeout();
          }
          return lookUpAgain(request, primary, LookupPass.first(deferred).afterWait(end));
        });
    return new Await(next);
  }

  /** Looks up again after a wait for a render; never throws. */
  private Outcome lookUpAgain(CacheRequest request, CacheKey primary, LookupPass pass) {
    return lookUpAgain(request, primary, pass, Optional.empty());
  }

  /** Looks up again after a wait (for a render or the shared tier, with what it found); never throws. */
  private Outcome lookUpAgain(
      CacheRequest request, CacheKey primary, LookupPass pass, Optional<SharedHit> fromTier) {
    try {
      return lookUp(request, primary, pass, fromTier);
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

  private StealingExchange uncachedExchange(CacheRequest request, ResponseHeaders extraHeaders) {
    return new StealingExchange(exchanges, request, extraHeaders);
  }

  /** An entry the shared tier gave for {@code key}. */
  private record SharedHit(CacheKey key, CachedResponse entry) {}
}
