package dev.surge.cache.internal;

import com.google.common.base.Ascii;
import dev.surge.cache.ResponseHeaders;
import java.util.Optional;

/**
 * The header fields of one content-coded variant of a stored response, derived from the response's own: its
 * {@code Content-Encoding} and {@code Content-Length}, and a strong {@code ETag} of its own, so that a strong
 * validator never names two byte sequences (RFC 9110 §8.8.1); a weak one is kept, as content codings of one
 * representation are semantically equivalent. Pure.
 */
public final class VariantFields {

  private VariantFields() {}

  /** The coding {@code fields} declare: their {@code Content-Encoding} in lower case, else identity. */
  public static String codingOf(ResponseHeaders fields) {
    return fields.first("Content-Encoding").map(value -> Ascii.toLowerCase(value.trim()))
        .orElse(AcceptEncoding.IDENTITY);
  }

  /** The fields of the variant in {@code coding} whose body holds {@code length} bytes. */
  public static ResponseHeaders of(ResponseHeaders own, String coding, int length) {
    ResponseHeaders.Builder fields = ResponseHeaders.builder();
    for (ResponseHeaders.Field field : own.fields()) {
      String name = field.name();
      if (name.equalsIgnoreCase("Content-Encoding") || name.equalsIgnoreCase("Content-Length")) {
        continue;
      }
      fields.add(name, name.equalsIgnoreCase("ETag") ? variantTag(field.value(), coding) : field.value());
    }
    if (!coding.equals(AcceptEncoding.IDENTITY)) {
      fields.add("Content-Encoding", coding);
    }
    return fields.add("Content-Length", Integer.toString(length)).build();
  }

  /** A strong tag with {@code -coding} appended to its opaque part; a weak or malformed one as it is. */
  private static String variantTag(String value, String coding) {
    Optional<EntityTag> tag = EntityTag.parse(value);
    if (tag.isEmpty() || tag.get().weak()) {
      return value;
    }
    return EntityTag.strong(tag.get().opaqueTag() + "-" + coding).toHeaderValue();
  }
}
