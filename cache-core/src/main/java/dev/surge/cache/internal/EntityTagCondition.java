package dev.surge.cache.internal;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value of an {@code If-None-Match} or {@code If-Match} header (RFC 9110 §13.1.1, §13.1.2): either
 * {@code *}, or one or more entity-tags.
 */
public final class EntityTagCondition {

  private static final EntityTagCondition ANY = new EntityTagCondition(true, ImmutableList.of());

  private final boolean any;
  private final ImmutableList<EntityTag> tags;

  private EntityTagCondition(boolean any, ImmutableList<EntityTag> tags) {
    this.any = any;
    this.tags = tags;
  }

  /**
   * The condition the header lines state, each element of {@code headerValues} being one line: either a lone
   * {@code *}, or a comma-separated list of entity-tags over any number of lines. A comma inside the quotes of
   * an entity-tag belongs to that tag, and empty list elements are skipped.
   *
   * <p>The result is empty when the lines do not form such a value: an element is not a well-formed
   * entity-tag, {@code *} is given together with entity-tags or more than once, or there is no element at
   * all (including when {@code headerValues} is empty). Callers then treat the header as absent. CR, LF and
   * NUL are read as spaces (RFC 9110 §5.5). Never throws.
   */
  public static Optional<EntityTagCondition> parse(List<String> headerValues) {
    int stars = 0;
    ImmutableList.Builder<EntityTag> tags = ImmutableList.builder();
    for (String line : headerValues) {
      String s = HttpSyntax.sanitize(line);
      int i = HttpSyntax.skipWhitespace(s, 0);
      while (i < s.length()) {
        int end;
        if (s.charAt(i) == ',') {
          end = i;
        } else if (s.charAt(i) == '*') {
          stars++;
          end = i + 1;
        } else {
          end = EntityTag.scan(s, i);
          if (end < 0) {
            return Optional.empty();
          }
          tags.add(EntityTag.read(s, i, end));
        }
        int next = HttpSyntax.skipWhitespace(s, end);
        if (next < s.length() && s.charAt(next) != ',') {
          return Optional.empty();
        }
        i = HttpSyntax.skipWhitespace(s, next + 1);
      }
    }
    ImmutableList<EntityTag> list = tags.build();
    if (stars == 1 && list.isEmpty()) {
      return Optional.of(ANY);
    }
    if (stars > 0 || list.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new EntityTagCondition(false, list));
  }

  /** Whether the condition is {@code *}, which any current representation satisfies. */
  public boolean any() {
    return any;
  }

  /** The entity-tags in the order given, duplicates kept; empty exactly when the condition is {@code *}. */
  public List<EntityTag> tags() {
    return tags;
  }

  /**
   * Whether a representation whose entity-tag is {@code current} satisfies the condition by the weak
   * comparison, as {@code If-None-Match} uses it: always for {@code *}, otherwise when some listed tag has the
   * same opaque tag.
   */
  public boolean matchesWeakly(EntityTag current) {
    return any || tags.stream().anyMatch(tag -> tag.weakMatch(current));
  }

  /**
   * Whether a representation whose entity-tag is {@code current} satisfies the condition by the strong
   * comparison, as {@code If-Match} uses it: always for {@code *}, otherwise when some listed tag and {@code
   * current} are both strong and have the same opaque tag.
   */
  public boolean matchesStrongly(EntityTag current) {
    return any || tags.stream().anyMatch(tag -> tag.strongMatch(current));
  }

  /**
   * The condition as one header line: {@code *} or the entity-tags separated by {@code ", "}; {@link #parse}
   * of it gives an equal condition.
   */
  public String toHeaderValue() {
    return any ? "*" : tags.stream().map(EntityTag::toHeaderValue).collect(Collectors.joining(", "));
  }

  /** Equal when both are {@code *}, or both list the same entity-tags in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof EntityTagCondition that && any == that.any && tags.equals(that.tags);
  }

  /** A hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Boolean.hashCode(any) * 31 + tags.hashCode();
  }

  /** The header value in brackets, for diagnostics. */
  @Override
  public String toString() {
    return "EntityTagCondition[" + toHeaderValue() + "]";
  }
}
