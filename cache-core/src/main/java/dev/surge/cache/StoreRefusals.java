package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import dev.surge.cache.internal.CacheControl;
import dev.surge.cache.internal.DeltaSeconds;
import dev.surge.cache.internal.VaryHeader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Why a response, by its own fields, may not be stored for a request: {@code no-store}, {@code private},
 * {@code no-cache} naming fields, {@code Set-Cookie}, {@code Vary: *} or a malformed {@code Vary}, credentials
 * of the request without {@code public} or {@code s-maxage}, or a {@code Content-Length} that is not the
 * body's. A refusal stands even when the header is malformed enough to hide it from the parser. Pure and
 * thread-safe.
 */
final class StoreRefusals {

  private static final Splitter COMMA = Splitter.on(',').trimResults().omitEmptyStrings();

  private final RequestAdmission admission;

  StoreRefusals(RequestAdmission admission) {
    this.admission = admission;
  }

  /**
   * Why a response with {@code fields} and a body of {@code bodyLength} bytes may not be stored for {@code
   * request}, if it may not. A bare {@code no-cache} is not refused here: it is stored only with validators.
   */
  Optional<RejectReason> refusal(
      CacheRequest request,
      Function<String, List<String>> fields,
      int bodyLength,
      CacheControl cacheControl) {
    List<String> cacheControlFields = fields.apply("Cache-Control");
    if (cacheControl.noStore() || mentions(cacheControlFields, "no-store")) {
      return Optional.of(RejectReason.NO_STORE);
    }
    if (cacheControl.isPrivate() || mentions(cacheControlFields, "private")) {
      return Optional.of(RejectReason.PRIVATE);
    }
    if (cacheControl.argument("no-cache").isPresent()) {
      return Optional.of(RejectReason.NO_CACHE); // no-cache="field": field-level validation is not supported
    }
    if (!fields.apply("Set-Cookie").isEmpty() || !fields.apply("Set-Cookie2").isEmpty()) {
      return Optional.of(RejectReason.SET_COOKIE);
    }
    VaryHeader vary = VaryHeader.parse(fields.apply("Vary"));
    if (vary.any() || vary.malformed()) {
      return Optional.of(RejectReason.VARY);
    }
    if (admission.carriesCredentials(request) && !cacheControl.isPublic() && cacheControl.sMaxAge().isEmpty()) {
      return Optional.of(RejectReason.AUTHORIZATION);
    }
    if (!contentLengthMatches(fields.apply("Content-Length"), bodyLength)) {
      return Optional.of(RejectReason.INCOMPLETE);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code directive} stands anywhere in {@code fields} as a word of its own (not part of a longer
   * token), in any case, even where the parser read it as quoted text: a header malformed enough to hide a
   * refusal from the parser (stray quotes) still refuses.
   */
  static boolean mentions(List<String> fields, String directive) {
    for (String field : fields) {
      String lower = Ascii.toLowerCase(field);
      for (int at = lower.indexOf(directive); at >= 0; at = lower.indexOf(directive, at + 1)) {
        int end = at + directive.length();
        if ((at == 0 || !isTokenChar(lower.charAt(at - 1))) && (end == lower.length() || !isTokenChar(lower.charAt(end)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
  }

  /** Whether the declared {@code Content-Length}, if any, is one value (repeats allowed) equal to the body's. */
  private static boolean contentLengthMatches(List<String> contentLengths, int bodyLength) {
    String declared = null;
    for (String value : contentLengths) {
      for (String length : COMMA.split(value)) {
        if (declared == null) {
          declared = length;
        } else if (!declared.equals(length)) {
          return false;
        }
      }
    }
    if (declared == null) {
      return true;
    }
    OptionalLong length = DeltaSeconds.parse(declared);
    return length.isPresent() && length.getAsLong() == bodyLength;
  }
}
