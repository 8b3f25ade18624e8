/**
 * Surge's public API: the {@link dev.surge.cache.HttpCache} facade and the values and interfaces that adapters
 * and applications use.
 */
package dev.surge.cache;
