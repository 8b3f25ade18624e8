package dev.surge.cache.internal;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachePolicy;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.RejectReason;
import dev.surge.cache.ResponseStore;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.StoreRules;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what a render produced when the policy accepts it, under the variant its {@code Vary} selects, and a
 * revalidated entry in place of its stale one; never a render whose resource was invalidated after it began
 * (see {@link Invalidations}). Each refusal is counted with its reason, and a key whose plain request was
 * refused is remembered as not cacheable. Thread-safe.
 */
final class StoreWriter {

  /** Logs under the step's name: one logger setting covers everything the step does. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestStealingStep.class);

  private final CachePolicy policy;
  private final ResponseStore store;
  private final StatsRecorder stats;
  private final Invalidations invalidations;
  private final VaryIndex varyIndex;
  private final UncacheableKeys uncacheable;
  /** Counts puts, so that a request about to lead can tell whether anything was stored since its lookup. */
  private final AtomicLong storesMade = new AtomicLong();

  StoreWriter(
      CachePolicy policy,
      ResponseStore store,
      StatsRecorder stats,
      Invalidations invalidations,
      VaryIndex varyIndex,
      UncacheableKeys uncacheable) {
    this.policy = policy;
    this.store = store;
    this.stats = stats;
    this.invalidations = invalidations;
    this.varyIndex = varyIndex;
    this.uncacheable = uncacheable;
  }

  /** How many entries were stored so far: when it is unchanged, nothing was stored in between. */
  long storesMade() {
    return storesMade.get();
  }

  /** Stores the response if it may be; returns why not, empty when it was stored. */
  Optional<RejectReason> offer(StealingExchange exchange, CapturedResponse response, StoreRules rules) {
    CacheKey primary = exchange.primary();
    if (!invalidations.unchangedSince(exchange.mark(), primary)) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing {}: invalidated while rendering", primary);
      return Optional.of(RejectReason.INVALIDATED);
    }
    StoreDecision decision = policy.onResponse(exchange.startedAt(), exchange.request(), response, rules);
    if (decision instanceof StoreDecision.Reject reject) {
      stats.rejected(reject.reason());
      // A request that may lead is a plain one, so the response itself was refused, unless it was refused for
      // echoing the request's own cookie: the next request's render may well be stored.
      if (exchange.leads() && reject.reason() != RejectReason.CREDENTIAL_IN_BODY) {
        uncacheable.remember(exchange.key());
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
    if (!invalidations.writeIfUnchangedSince(exchange.mark(), primary, () -> store.put(key.get(), entry))) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing {}: invalidated while it was being stored", primary);
      return Optional.of(RejectReason.INVALIDATED);
    }
    storesMade.incrementAndGet();
    uncacheable.forget(exchange.key());
    stats.stored();
    LOG.debug("stored {} for {}", key.get(), entry.freshnessLifetime());
    return Optional.empty();
  }

  /**
   * Stores {@code updated}, the entry {@code exchange} revalidated, in place of the stale one, unless its new
   * fields forbid storing it or the page was purged since the revalidation began.
   */
  void storeRevalidated(StealingExchange exchange, CachedResponse updated) {
    Optional<RejectReason> refused = policy.refusalOfUpdated(exchange.request(), updated);
    if (refused.isPresent()) {
      stats.rejected(refused.get());
      LOG.debug("not storing revalidated {}: {}", exchange.key(), refused.get().label());
      return;
    }
    CacheKey primary = exchange.primary();
    if (!invalidations.writeIfUnchangedSince(exchange.mark(), primary, () -> store.put(exchange.key(), updated))) {
      stats.rejected(RejectReason.INVALIDATED);
      LOG.debug("not storing revalidated {}: invalidated while revalidating", primary);
      return;
    }
    storesMade.incrementAndGet();
    LOG.debug("revalidated {} for {}", exchange.key(), updated.freshnessLifetime());
  }
}
