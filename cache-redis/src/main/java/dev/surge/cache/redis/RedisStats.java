package dev.surge.cache.redis;

/**
 * An immutable snapshot of one {@link SurgeRedis}'s counters, summed over the caches it serves. Counters only
 * grow; {@code available} is the state now.
 *
 * @param available whether Redis was reached since start (the purge channel subscribed) and the last command to
 *     finish reached it
 * @param outages times Redis became unavailable (each is logged once, at WARN, and its end at INFO)
 * @param failures commands that failed because Redis was unreachable or did not answer in time
 * @param commandErrors commands Redis answered with an error (a full Redis refusing writes with OOM): no
 *     outage, logged at most once a minute
 * @param purgesPublished purges published to the other instances
 * @param purgePublishFailures purges that could not be published at once (they are published again later)
 * @param purgesReplayed purges published again after a failure
 * @param purgesReceived purges from other instances applied here
 * @param echoesIgnored purges that came back to the instance that published them
 * @param malformedMessages messages on the purge channel that were not purges
 * @param resubscriptions times the subscription came back after a disconnection (each drops memory entries)
 * @param tierHits lookups the shared tier answered
 * @param tierMisses lookups the shared tier did not hold
 * @param tierTimeouts lookups that took longer than the timeout and rendered instead
 * @param tierErrors lookups and puts that failed
 * @param tierCorruptValues values in Redis that did not decode to an entry for the key asked for (misses)
 * @param tierStores entries written to the shared tier
 * @param tierOversized entries not written because they exceed the shared tier's size cap
 * @param tierPutsDropped entries not written because too many writes were already in flight
 * @param tierStalePuts entries not written because another instance had purged since this instance last
 *     caught up with the purges: the render may predate the purge
 * @param tierPurgeFailures purges of the shared tier that could not reach Redis
 * @param fleetRendersClaimed renders this instance claimed across the fleet (fleet-wide collapsing)
 * @param fleetWaits requests that waited for another instance's claimed render instead of rendering
 * @param fleetWaitsServed waits that ended with the other instance's entry (the rest rendered themselves)
 */
public record RedisStats(
    boolean available,
    long outages,
    long failures,
    long commandErrors,
    long purgesPublished,
    long purgePublishFailures,
    long purgesReplayed,
    long purgesReceived,
    long echoesIgnored,
    long malformedMessages,
    long resubscriptions,
    long tierHits,
    long tierMisses,
    long tierTimeouts,
    long tierErrors,
    long tierCorruptValues,
    long tierStores,
    long tierOversized,
    long tierPutsDropped,
    long tierStalePuts,
    long tierPurgeFailures,
    long fleetRendersClaimed,
    long fleetWaits,
    long fleetWaitsServed) {

  static RedisStats of(RedisHealth health, RedisCounters counters) {
    return new RedisStats(
        health.available(),
        health.outages(),
        health.failures(),
        health.commandErrors(),
        counters.published.sum(),
        counters.publishFailures.sum(),
        counters.replayed.sum(),
        counters.received.sum(),
        counters.echoes.sum(),
        counters.malformed.sum(),
        counters.resubscriptions.sum(),
        counters.tierHits.sum(),
        counters.tierMisses.sum(),
        counters.tierTimeouts.sum(),
        counters.tierErrors.sum(),
        counters.tierCorrupt.sum(),
        counters.tierStores.sum(),
        counters.tierOversized.sum(),
        counters.tierPutsDropped.sum(),
        counters.tierStalePuts.sum(),
        counters.tierPurgeFailures.sum(),
        counters.fleetRendersClaimed.sum(),
        counters.fleetWaits.sum(),
        counters.fleetWaitsServed.sum());
  }
}
