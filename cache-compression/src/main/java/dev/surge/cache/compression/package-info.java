/**
 * The {@code zstd} and {@code br} content codings for {@link dev.surge.cache.Compression}: with this module on
 * the class path, {@link dev.surge.cache.compression.ZstdCoder} and {@link
 * dev.surge.cache.compression.BrotliCoder} are found by {@link java.util.ServiceLoader}, and stored responses get
 * zstd and br variants beside gzip. Construct one with another level and pass it to {@link
 * dev.surge.cache.Compression.Builder#coder} to change how hard it compresses.
 */
package dev.surge.cache.compression;
