package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import dev.surge.cache.internal.HttpSyntax;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of response header fields. Names compare case-insensitively and keep the case
 * they were given; a name may occur several times, and the order of fields is kept.
 *
 * <p>Every name is a valid HTTP token and no value contains CR, LF or NUL, so a {@code ResponseHeaders} can
 * always be written out without splitting a response. The builder rejects anything else.
 */
public final class ResponseHeaders {

  private static final ResponseHeaders EMPTY = new ResponseHeaders(ImmutableList.of());

  /** One header field. */
  public record Field(String name, String value) {}

  private final ImmutableList<Field> fields;
  /** Per field, whether an earlier field has its name: found once here, not on every write of a hit. */
  private final boolean[] repeatsAName;

  private ResponseHeaders(ImmutableList<Field> fields) {
    this.fields = fields;
    this.repeatsAName = new boolean[fields.size()];
    for (int i = 1; i < repeatsAName.length; i++) {
      repeatsAName[i] = indexOf(fields.get(i).name(), 0) < i;
    }
  }

  /** The empty header list. */
  public static ResponseHeaders empty() {
    return EMPTY;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with these fields. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.fields.addAll(fields);
    return builder;
  }

  /** Whether {@code name} is a valid header field name (an RFC 9110 token). */
  public static boolean isValidName(String name) {
    return HttpSyntax.isToken(name);
  }

  /** Whether {@code value} can be written as a header field value without splitting a response. */
  public static boolean isValidValue(String value) {
    for (int i = 0; i < value.length(); i++) { // a plain loop: this runs for every field of every stored response
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        return false;
      }
    }
    return true;
  }

  /** Every value of the named field, in order; empty when there is none. */
  public List<String> all(String name) {
    int first = indexOf(name, 0);
    if (first < 0) {
      return List.of();
    }
    List<String> values = new ArrayList<>(2);
    for (int i = first; i >= 0; i = indexOf(name, i + 1)) {
      values.add(fields.get(i).value());
    }
    return List.copyOf(values);
  }

  /** The first value of the named field. */
  public Optional<String> first(String name) {
    int index = indexOf(name, 0);
    return index < 0 ? Optional.empty() : Optional.of(fields.get(index).value());
  }

  /** Whether the named field occurs at least once. */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /** The index of the first field named {@code name} at or after {@code from}; -1 when there is none. */
  private int indexOf(String name, int from) {
    for (int i = from; i < fields.size(); i++) { // by index: no iterator on the hit path
      if (Ascii.equalsIgnoreCase(fields.get(i).name(), name)) {
        return i;
      }
    }
    return -1;
  }

  /** The distinct field names in order of first appearance, in the case first given. */
  public Set<String> names() {
    Set<String> lowerCase = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (Field field : fields) {
      if (lowerCase.add(Ascii.toLowerCase(field.name()))) {
        names.add(field.name());
      }
    }
    return Set.copyOf(names);
  }

  /** All fields in order. The list is immutable. */
  public List<Field> fields() {
    return fields;
  }

  /** Calls {@code action} with each field's name and value, in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      action.accept(field.name(), field.value());
    }
  }

  /**
   * Writes these fields over a response's headers so that they replace whatever is there under the same
   * names: the first field of each name goes to {@code set}, later ones of that name to {@code add}, in order.
   * A header set earlier under another name (by a filter in front of the cache, say) stays; one under a name
   * these fields have is not repeated.
   */
  public void replaceIn(BiConsumer<String, String> set, BiConsumer<String, String> add) {
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      (repeatsAName[i] ? add : set).accept(field.name(), field.value());
    }
  }

  /** The number of fields (not of distinct names). */
  public int size() {
    return fields.size();
  }

  /** A copy without the fields whose name satisfies {@code drop}. */
  public ResponseHeaders without(Predicate<String> drop) {
    ImmutableList.Builder<Field> kept = ImmutableList.builderWithExpectedSize(fields.size());
    for (Field field : fields) {
      if (!drop.test(field.name())) {
        kept.add(field);
      }
    }
    return new ResponseHeaders(kept.build());
  }

  /**
   * A copy with the named field (all its occurrences) replaced by one field with {@code value}, at the end.
   *
   * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or NUL
   */
  public ResponseHeaders with(String name, String value) {
    Field replacement = validated(name, value);
    ImmutableList.Builder<Field> copy = ImmutableList.builderWithExpectedSize(fields.size() + 1);
    for (Field field : fields) {
      if (!Ascii.equalsIgnoreCase(field.name(), name)) {
        copy.add(field);
      }
    }
    return new ResponseHeaders(copy.add(replacement).build());
  }

  private static Field validated(String name, String value) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid header name: '" + name + "'");
    }
    if (!isValidValue(value)) {
      throw new IllegalArgumentException("header '" + name + "' has a value with CR, LF or NUL");
    }
    return new Field(name, value);
  }

  /** The sum of the lengths of all names and values, a measure of the memory the fields hold. */
  public long characterCount() {
    long count = 0;
    for (Field field : fields) {
      count += field.name().length() + field.value().length();
    }
    return count;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResponseHeaders that && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  /** Collects fields for a {@link ResponseHeaders}; validates each one as it is added. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a field after those already added.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or NUL
     */
    public Builder add(String name, String value) {
      fields.add(validated(name, value));
      return this;
    }

    /** The immutable header list. */
    public ResponseHeaders build() {
      return fields.isEmpty() ? EMPTY : new ResponseHeaders(ImmutableList.copyOf(fields));
    }
  }
}
