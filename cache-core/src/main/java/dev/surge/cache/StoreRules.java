package dev.surge.cache;

import com.google.common.base.CharMatcher;
import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Storing rules chosen for one response by a layer that knows more than the request does, such as the Spring
 * adapter reading a handler's {@code @CacheResponse}. They are applied when the response finishes, on top of
 * the cache's {@link CachePolicy}.
 *
 * <p>Rules can decline storing, set the lifetime, add tags and narrow or widen the cacheable statuses; they
 * never override a refusal: a response that says {@code no-store}, {@code private} or {@code no-cache}, sets
 * a cookie, says {@code Vary: *}, is too large, answers a request with credentials without {@code public}
 * or {@code s-maxage}, or (with the leak guard on) holds the value of a credential of its request is not
 * stored whatever the rules say. A lifetime set here replaces the one the
 * response's own headers give (those still reach the client unchanged) and is still capped by the cache's
 * maximum TTL.
 *
 * <p>Instances are immutable; the {@code with...} methods return new ones and reject bad values at once.
 */
public final class StoreRules {

  private static final StoreRules DEFAULTS = new StoreRules(true, null, Set.of(), null);
  private static final StoreRules NEVER = new StoreRules(false, null, Set.of(), null);
  private static final CharMatcher TAG_CHARACTERS =
      CharMatcher.inRange('!', '~').and(CharMatcher.isNot(','));

  private final boolean storable;
  private final Duration ttl;
  private final Set<String> tags;
  private final Set<Integer> cacheableStatuses;

  private StoreRules(boolean storable, Duration ttl, Set<String> tags, Set<Integer> cacheableStatuses) {
    this.storable = storable;
    this.ttl = ttl;
    this.tags = tags;
    this.cacheableStatuses = cacheableStatuses;
  }

  /** The cache's own policy, unchanged: what a response gets when nobody chose rules for it. */
  public static StoreRules defaults() {
    return DEFAULTS;
  }

  /** Never store this response (it is still served to its client as rendered). */
  public static StoreRules never() {
    return NEVER;
  }

  /** These rules with a lifetime of {@code ttl} (more than zero) replacing the one the response's headers give. */
  public StoreRules withTtl(Duration ttl) {
    Preconditions.checkArgument(ttl.compareTo(Duration.ZERO) > 0, "ttl: must be more than zero, got %s", ttl);
    return new StoreRules(storable, ttl, tags, cacheableStatuses);
  }

  /** These rules with {@code tags} added to those the response's tag header names. */
  public StoreRules withTags(Set<String> tags) {
    for (String tag : tags) {
      Preconditions.checkArgument(!tag.isEmpty() && TAG_CHARACTERS.matchesAllOf(tag),
          "tags: '%s' is not a tag (visible ASCII without commas or spaces)", tag);
    }
    return new StoreRules(storable, ttl, Set.copyOf(tags), cacheableStatuses);
  }

  /** These rules with {@code statuses} replacing the cache's cacheable statuses (1xx, 206 and 304 never are). */
  public StoreRules withCacheableStatuses(Set<Integer> statuses) {
    checkCacheableStatuses(statuses);
    return new StoreRules(storable, ttl, tags, Set.copyOf(statuses));
  }

  /** Whether the response may be stored at all. */
  public boolean storable() {
    return storable;
  }

  /** The lifetime replacing the response's own, if any. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /** Tags added to the entry, besides those of the response's tag header. */
  public Set<String> tags() {
    return tags;
  }

  /** The statuses that may be stored under these rules, if they replace the cache's. */
  public Optional<Set<Integer>> cacheableStatuses() {
    return Optional.ofNullable(cacheableStatuses);
  }

  static void checkCacheableStatuses(Set<Integer> statuses) {
    for (int status : statuses) {
      Preconditions.checkArgument(status >= 200 && status <= 999 && status != 206 && status != 304,
          "cacheableStatuses: %s cannot be stored (1xx, 206 and 304 are not complete responses)", status);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoreRules rules
        && storable == rules.storable
        && Objects.equals(ttl, rules.ttl)
        && tags.equals(rules.tags)
        && Objects.equals(cacheableStatuses, rules.cacheableStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(storable, ttl, tags, cacheableStatuses);
  }

  @Override
  public String toString() {
    if (!storable) {
      return "StoreRules[never]";
    }
    return "StoreRules[ttl=" + ttl + ", tags=" + tags + ", cacheableStatuses=" + cacheableStatuses + "]";
  }
}
