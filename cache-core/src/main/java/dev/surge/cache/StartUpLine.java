package dev.surge.cache;

import dev.surge.cache.internal.ConfigText;
import java.time.Duration;

/**
 * The one line a cache logs when an adapter puts it to work: where it runs, how its store is bounded, the
 * default freshness, how long stale pages are kept to be revalidated, whether {@code Cache-Status} is sent
 * (and how to switch it on when not), and where purges go.
 */
record StartUpLine(
    ResponseStore store,
    ByteSize maximumEntryBytes,
    Duration defaultTtl,
    Duration revalidationWindow,
    boolean cacheStatusHeader,
    PurgeListener purgeListener) {

  /**
   * The line for the adapter named {@code adapter} (e.g. {@code the servlet filter}), telling how to switch
   * {@code Cache-Status} on with that adapter ({@code cacheStatusSwitch}) when it is off.
   */
  String on(String adapter, String cacheStatusSwitch) {
    return "Surge cache ready on " + adapter
        + ": store " + store.description() + ", entries up to " + maximumEntryBytes
        + "; default TTL " + ConfigText.duration(defaultTtl) + " (" + ttlMeaning() + ")"
        + "; revalidation " + (revalidationWindow.isZero() ? "off" : "of stale pages with validators for "
            + ConfigText.duration(revalidationWindow))
        + "; Cache-Status " + (cacheStatusHeader ? "on" : "off (enable: " + cacheStatusSwitch + ")")
        + "; purge fan-out " + (purgeListener == PurgeListener.NONE ? "off" : purgeListener.description());
  }

  private String ttlMeaning() {
    return defaultTtl.isZero()
        ? "only responses that state their freshness are stored"
        : "for responses that state no freshness";
  }
}
