package dev.surge.cache;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The identity of a stored response: a structured value, compared part by part, so that no choice of
 * characters in one part can make two different requests collide.
 *
 * <p>{@code method} is the method class the response answers ({@code GET}; HEAD folds into it). {@code scheme}
 * and {@code host} are lower case, the host without a default port. {@code path} and {@code query} are the
 * validated request target (the query possibly sorted and filtered, as configured). {@code headers} holds,
 * by lower-case name, the request header values that select among variants: those named by the stored
 * response's {@code Vary}, and trusted forwarding headers. A name missing from the map means the header was
 * absent, which is different from present and empty.
 *
 * <p>Keys hash well even when clients choose them: {@link #hashCode()} multiplies each part's hash in after the
 * previous ones, so parts that differ in ways that would cancel out in a sum still give different hashes; and keys
 * are {@link Comparable} (consistently with {@code equals}), so the {@link java.util.concurrent.ConcurrentHashMap}
 * bins of the store and of running renders stay searchable in logarithmic time when many keys are made to share
 * one hash on purpose, as {@link String#hashCode()} allows.
 *
 * @param method the method class
 * @param scheme {@code http} or {@code https}
 * @param host the validated host, with a port only when it is not the scheme's default
 * @param path the request path
 * @param query the request query, empty when there is none
 * @param headers selecting request header values by lower-case name
 */
public record CacheKey(
    String method, String scheme, String host, String path, String query, Map<String, String> headers)
    implements Comparable<CacheKey> {

  /** The 64-bit golden-ratio constant: odd, with bits spread evenly. */
  private static final long SPREAD = 0x9E3779B97F4A7C15L;
  /** The record itself with compressed references: a 12-byte header and six references, padded to 8. */
  private static final long RECORD_BYTES = 40;
  /**
   * A string of its own beyond two bytes a character: the {@code String} (24 bytes) and its array's header (16).
   * Two bytes a character cover a Latin-1 array's characters and padding and a UTF-16 array's characters.
   */
  private static final long STRING_BYTES = 40;
  /** A non-empty header selection's sorted map: the map, its key set and the lists of names and values. */
  private static final long SELECTION_BYTES = 88;
  /** Each selected header's slots in those lists' arrays. */
  private static final long SELECTED_SLOT_BYTES = 8;

  /** Copies {@code headers} into an immutable map sorted by name. */
  public CacheKey {
    headers = headers.isEmpty() ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(headers);
  }

  /** The key of the resource without any header selection: the one every variant of the URL shares. */
  public CacheKey primary() {
    return headers.isEmpty() ? this : new CacheKey(method, scheme, host, path, query, Map.of());
  }

  /** Whether this key and {@code other} name the same resource (the same primary key). */
  public boolean sameResourceAs(CacheKey other) {
    return method.equals(other.method)
        && scheme.equals(other.scheme)
        && host.equals(other.host)
        && path.equals(other.path)
        && query.equals(other.query);
  }

  /** The total number of characters in the key, the measure the maximum key length applies to. */
  public int length() {
    int length = method.length() + scheme.length() + host.length() + path.length() + query.length();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      length += header.getKey().length() + header.getValue().length();
    }
    return length;
  }

  /**
   * An upper estimate of the heap this key holds, for bounding a store by bytes: the record, the host, path and
   * query and each selected header's name and value as strings of their own, and the header selection's map.
   * The method and scheme count two bytes a character only, being the same few constant strings in every key.
   * The constants are what JOL measured on HotSpot 17 (64-bit, compressed references and class pointers): a key
   * of {@code http://news.example.com/articles/2026/topic-000001?lang=en} selecting {@code accept-encoding}
   * retains 424 bytes when each of its strings is its own (the shared method, scheme and ordering not counted)
   * and is estimated at 526; without the selection, 216 and 274.
   */
  public ByteSize size() {
    long strings = 3 + 2L * headers.size();
    long selection = headers.isEmpty() ? 0 : SELECTION_BYTES + SELECTED_SLOT_BYTES * headers.size();
    return ByteSize.ofBytes(RECORD_BYTES + STRING_BYTES * strings + 2L * length() + selection);
  }

  /**
   * A hash in which each part's hash is multiplied in after the previous ones, unlike a record's sum of its
   * parts' hashes: there, {@code /page-1?n=20} and {@code /page-2?n=10} hash alike. One 64-bit multiplication
   * per part (not a full mixer, which cost a hit about 10%), folded to 32 bits.
   */
  @Override
  public int hashCode() {
    long hash = path.hashCode() * SPREAD;
    hash = (hash ^ query.hashCode()) * SPREAD;
    hash = (hash ^ host.hashCode()) * SPREAD;
    hash = (hash ^ headers.hashCode()) * SPREAD;
    hash = (hash ^ method.hashCode() ^ ((long) scheme.hashCode() << 32)) * SPREAD;
    return (int) (hash ^ (hash >>> 32));
  }

  /**
   * Orders keys by path, query, host, method, scheme and then header selection (name by name, then value),
   * strings by their UTF-16 units; zero exactly when the keys are equal.
   */
  @Override
  public int compareTo(CacheKey other) {
    int order = path.compareTo(other.path);
    if (order == 0) {
      order = query.compareTo(other.query);
    }
    if (order == 0) {
      order = host.compareTo(other.host);
    }
    if (order == 0) {
      order = method.compareTo(other.method);
    }
    if (order == 0) {
      order = scheme.compareTo(other.scheme);
    }
    return order != 0 ? order : compareSelections(headers, other.headers);
  }

  /** Compares two header selections held in name order: entry by entry, a selection that runs out first first. */
  private static int compareSelections(Map<String, String> one, Map<String, String> other) {
    Iterator<Map.Entry<String, String>> ones = one.entrySet().iterator();
    Iterator<Map.Entry<String, String>> others = other.entrySet().iterator();
    while (ones.hasNext() && others.hasNext()) {
      Map.Entry<String, String> mine = ones.next();
      Map.Entry<String, String> theirs = others.next();
      int order = mine.getKey().compareTo(theirs.getKey());
      if (order == 0) {
        order = mine.getValue().compareTo(theirs.getValue());
      }
      if (order != 0) {
        return order;
      }
    }
    return Boolean.compare(ones.hasNext(), others.hasNext());
  }

  /** The URL and, when there is one, the header selection: what logs show of a key. */
  @Override
  public String toString() {
    return headers.isEmpty() ? url() : url() + " " + headers;
  }

  /** The URL the key names, for logs and purges, e.g. {@code https://example.com/a?b=1}. */
  public String url() {
    return scheme + "://" + host + path + (query.isEmpty() ? "" : "?" + query);
  }
}
