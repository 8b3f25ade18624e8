package dev.surge.cache;

import com.google.common.base.Preconditions;

/**
 * One purge, as a value: what {@link HttpCache}'s purge methods apply and tell their {@link PurgeListener},
 * and what {@link HttpCache#applyPurge} applies when the purge comes from another instance. Each kind removes
 * the same entries as the purge method of the same name, wherever it is applied.
 */
public sealed interface Purge {

  /** The purge of every entry, {@link HttpCache#invalidateAll()}. */
  Purge ALL = new All();

  /**
   * Every stored variant of one resource, {@link HttpCache#invalidate(java.net.URI)}.
   *
   * @param key the resource's primary key (a key with a header selection is reduced to it)
   */
  record Resource(CacheKey key) implements Purge {
    /** Reduces {@code key} to its primary key. */
    public Resource {
      key = key.primary();
    }
  }

  /**
   * Every entry whose path starts with {@code prefix}, on any host, {@link HttpCache#invalidatePathPrefix}.
   *
   * @param prefix a path prefix, starting with {@code /}
   */
  record PathPrefix(String prefix) implements Purge {
    /** Checks that {@code prefix} starts with {@code /}. */
    public PathPrefix {
      Preconditions.checkArgument(prefix.startsWith("/"), "a path prefix starts with '/': %s", prefix);
    }
  }

  /**
   * Every entry of one path and query, on any host and scheme, every method and variant: {@link
   * HttpCache#invalidatePath}. Matches the path and the query exactly (as keys hold them), so {@code /a} does
   * not match {@code /a/b}, {@code /ab} or {@code /a?x=1}.
   *
   * @param path the path, starting with {@code /}, as keys hold it
   * @param query the query as keys hold it, empty for the entries without one
   */
  record Path(String path, String query) implements Purge {
    /** Checks that {@code path} starts with {@code /}. */
    public Path {
      Preconditions.checkArgument(path.startsWith("/"), "a path starts with '/': %s", path);
      Preconditions.checkNotNull(query, "query");
    }
  }

  /**
   * Every entry tagged {@code tag}, {@link HttpCache#invalidateTag}.
   *
   * @param tag the tag, as the tag header named it
   */
  record Tag(String tag) implements Purge {
    /** Checks that the tag is not empty. */
    public Tag {
      Preconditions.checkArgument(!tag.isEmpty(), "a tag cannot be empty");
    }
  }

  /** Every entry; use {@link #ALL}. */
  record All() implements Purge {}
}
