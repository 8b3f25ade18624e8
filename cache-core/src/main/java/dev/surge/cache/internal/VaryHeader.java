package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The value of a {@code Vary} header (RFC 9110 §12.5.5): {@code *} and/or a list of request field names. */
public final class VaryHeader {

  private static final VaryHeader EMPTY = new VaryHeader(false, ImmutableList.of(), false);
  private static final Splitter COMMA = Splitter.on(',');

  private final boolean any;
  private final ImmutableList<String> names;
  private final boolean malformed;

  private VaryHeader(boolean any, ImmutableList<String> names, boolean malformed) {
    this.any = any;
    this.names = names;
    this.malformed = malformed;
  }

  /**
   * The Vary value that the header lines state, each element of {@code headerValues} being one line holding
   * a comma-separated list of field names. Names are lower-cased and kept once, in the order of their first
   * appearance; a {@code *} anywhere makes {@link #any()} true; empty list elements are skipped. An element
   * that is neither {@code *} nor a token (it holds a space, a separator, a control character or a
   * character outside ASCII) is left out of the names and makes {@link #malformed()} true. CR, LF and NUL are
   * read as spaces (RFC 9110 §5.5). Never throws.
   */
  public static VaryHeader parse(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return EMPTY;
    }
    boolean any = false;
    boolean malformed = false;
    Set<String> names = new LinkedHashSet<>();
    for (String line : headerValues) {
      for (String element : COMMA.split(line)) {
        String name = HttpSyntax.trim(element);
        if (name.equals("*")) {
          any = true;
        } else if (HttpSyntax.isToken(name)) {
          names.add(Ascii.toLowerCase(name));
        } else if (!name.isEmpty()) {
          malformed = true;
        }
      }
    }
    if (!any && !malformed && names.isEmpty()) {
      return EMPTY;
    }
    return new VaryHeader(any, ImmutableList.copyOf(names), malformed);
  }

  /**
   * Whether the value holds {@code *}: the response varies on more than request fields, so no later request
   * can be known to match it.
   */
  public boolean any() {
    return any;
  }

  /** The well-formed field names, lower case, each once, in the order of first appearance. */
  public List<String> names() {
    return names;
  }

  /** Whether some element was neither {@code *} nor a valid field name; such a response should not be stored. */
  public boolean malformed() {
    return malformed;
  }

  /** Whether there is neither {@code *} nor any field name, so the response does not vary. */
  public boolean isEmpty() {
    return !any && names.isEmpty();
  }

  /**
   * The value as one header line: {@code *} first when present, then the names, separated by {@code ", "};
   * the empty string when {@link #isEmpty()}. Malformed elements are not rendered, so {@link #parse} of the
   * result equals this value exactly when this value is not {@link #malformed()}.
   */
  public String toHeaderValue() {
    List<String> elements = any ? ImmutableList.<String>builder().add("*").addAll(names).build() : names;
    return String.join(", ", elements);
  }

  /** Equal when {@code *}, the names in order, and malformedness all agree. */
  @Override
  public boolean equals(Object other) {
    return other instanceof VaryHeader that
        && any == that.any
        && malformed == that.malformed
        && names.equals(that.names);
  }

  /** A hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return (Boolean.hashCode(any) * 31 + Boolean.hashCode(malformed)) * 31 + names.hashCode();
  }

  /** The header value in brackets, followed by a mark when malformed, for diagnostics. */
  @Override
  public String toString() {
    return "VaryHeader[" + toHeaderValue() + (malformed ? ", malformed" : "") + "]";
  }
}
