package dev.surge.cache.spring.boot;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * The names of the properties {@link SurgeCacheProperties} binds, in their canonical dashed form ({@code
 * surge.cache.default-ttl}, {@code surge.cache.redis.command-timeout}), and the known name closest to a
 * mistyped one.
 */
final class SurgeCachePropertyNames {

  static final String PREFIX = "surge.cache";

  private static final SortedSet<String> KNOWN = namesOf(SurgeCacheProperties.class, PREFIX);

  private SurgeCachePropertyNames() {}

  /** Every property name, sorted. */
  static SortedSet<String> known() {
    return KNOWN;
  }

  /**
   * The known name that {@code unknown} most likely meant: the one fewest single-character edits away, if
   * that is at most a quarter of its length (and at most 3).
   */
  static Optional<String> closest(String unknown) {
    int allowed = Math.min(3, Math.max(1, unknown.length() / 4));
    return KNOWN.stream()
        .filter(known -> Math.abs(known.length() - unknown.length()) <= allowed)
        .min(Comparator.comparingInt((String known) -> editDistance(known, unknown)))
        .filter(known -> editDistance(known, unknown) <= allowed);
  }

  private static SortedSet<String> namesOf(Class<?> type, String prefix) {
    SortedSet<String> names = new TreeSet<>();
    for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
      String name = prefix + "." + DataObjectPropertyName.toDashedForm(property.getName());
      if (property.getWriteMethod() != null) {
        names.add(name);
      } else if (property.getPropertyType().getEnclosingClass() == SurgeCacheProperties.class) {
        names.addAll(namesOf(property.getPropertyType(), name));
      }
    }
    return names;
  }

  /** The Levenshtein distance: single-character insertions, deletions and substitutions from {@code a} to {@code b}. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
