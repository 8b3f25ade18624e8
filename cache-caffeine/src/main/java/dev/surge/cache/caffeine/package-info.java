/**
 * An optional {@link dev.surge.cache.ResponseStore} on Caffeine: {@link
 * dev.surge.cache.caffeine.CaffeineResponseStore}, with the default store's bounds, freshness and recycling and
 * a faster lookup. Everything else in this package is implementation.
 */
package dev.surge.cache.caffeine;
