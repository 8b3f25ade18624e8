package dev.surge.cache.internal;

import com.google.common.base.CharMatcher;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity-tag (RFC 9110 §8.8.3): an opaque tag, held without its double quotes, and whether it is weak.
 * Every instance is valid: its opaque tag consists of etagc characters only ({@code !}, {@code #} to {@code
 * ~}, and obs-text U+0080 to U+00FF), and may be empty.
 *
 * @param opaqueTag the tag between the double quotes
 * @param weak whether the tag carries the {@code W/} weakness indicator
 */
public record EntityTag(String opaqueTag, boolean weak) {

  /** RFC 9110 §8.8.3 etagc. */
  private static final CharMatcher ETAGC =
      CharMatcher.is('!')
          .or(CharMatcher.inRange('#', '~'))
          .or(CharMatcher.inRange('\u0080', '\u00ff'))
          .precomputed();

  private static final String WEAK_PREFIX = "W/";

  /**
   * An entity-tag.
   *
   * @throws IllegalArgumentException when {@code opaqueTag} holds a character that is not etagc
   */
  public EntityTag {
    Objects.requireNonNull(opaqueTag, "opaqueTag");
    if (!ETAGC.matchesAllOf(opaqueTag)) {
      throw new IllegalArgumentException("not a valid opaque entity-tag: " + opaqueTag);
    }
  }

  /**
   * The strong entity-tag with this opaque tag (given without quotes).
   *
   * @throws IllegalArgumentException when {@code opaqueTag} holds a character that is not etagc
   */
  public static EntityTag strong(String opaqueTag) {
    return new EntityTag(opaqueTag, false);
  }

  /**
   * The weak entity-tag with this opaque tag (given without quotes).
   *
   * @throws IllegalArgumentException when {@code opaqueTag} holds a character that is not etagc
   */
  public static EntityTag weak(String opaqueTag) {
    return new EntityTag(opaqueTag, true);
  }

  /**
   * The entity-tag {@code value} holds when, after trimming surrounding whitespace, it is exactly {@code
   * "opaque"} or {@code W/"opaque"} (upper-case W only); empty for anything else. Surrounding whitespace means
   * spaces and tabs, and also CR, LF and NUL, which RFC 9110 §5.5 has a recipient read as spaces. Never
   * throws.
   */
  public static Optional<EntityTag> parse(String value) {
    String trimmed = HttpSyntax.trim(value);
    int end = scan(trimmed, 0);
    return end == trimmed.length() ? Optional.of(read(trimmed, 0, end)) : Optional.empty();
  }

  /**
   * The index just past the entity-tag that starts at {@code start} in {@code s}, or -1 when no well-formed
   * entity-tag starts there.
   */
  static int scan(String s, int start) {
    int open = s.startsWith(WEAK_PREFIX, start) ? start + WEAK_PREFIX.length() : start;
    if (open >= s.length() || s.charAt(open) != '"') {
      return -1;
    }
    int close = s.indexOf('"', open + 1);
    if (close < 0 || !ETAGC.matchesAllOf(s.subSequence(open + 1, close))) {
      return -1;
    }
    return close + 1;
  }

  /** The entity-tag between {@code start} and {@code end}, an extent that {@link #scan} accepted. */
  static EntityTag read(String s, int start, int end) {
    boolean weak = s.startsWith(WEAK_PREFIX, start);
    int open = weak ? start + WEAK_PREFIX.length() : start;
    return new EntityTag(s.substring(open + 1, end - 1), weak);
  }

  /**
   * Whether this and {@code other} match by the strong comparison of RFC 9110 §8.8.3.2: both are strong and
   * their opaque tags are identical, character by character.
   */
  public boolean strongMatch(EntityTag other) {
    return !weak && !other.weak && opaqueTag.equals(other.opaqueTag);
  }

  /**
   * Whether this and {@code other} match by the weak comparison of RFC 9110 §8.8.3.2: their opaque tags are
   * identical, character by character, whether either is weak or not.
   */
  public boolean weakMatch(EntityTag other) {
    return opaqueTag.equals(other.opaqueTag);
  }

  /** The entity-tag as it stands in a header: {@code "opaque"} or {@code W/"opaque"}. */
  public String toHeaderValue() {
    return (weak ? WEAK_PREFIX : "") + '"' + opaqueTag + '"';
  }
}
