package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import dev.surge.cache.internal.AcceptEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The content-coded variants a response is stored with (see {@link Compression}): compressed ones of an
 * identity body of a compressible type, or the identity body decoded from an application-encoded one, plus
 * the other codings made from it. Made once, when the response is stored. Pure and thread-safe.
 */
final class ContentVariants {

  private static final Splitter COMMA = Splitter.on(',').trimResults().omitEmptyStrings();

  private final Compression compression;
  private final int maximumBytes;

  ContentVariants(Compression compression, long maximumEntryBytes) {
    this.compression = compression;
    this.maximumBytes = (int) Math.min(Integer.MAX_VALUE - 8, maximumEntryBytes);
  }

  /** What a response is stored with: its identity body and its variants by coding, most preferred first. */
  record Coded(byte[] identity, Map<String, byte[]> variants) {}

  /**
   * The identity body and variants of a response with {@code fields} and {@code body}: no variants when
   * compression is off, the response says {@code no-transform}, is a partial one, or is not compressible;
   * empty when it is application-encoded in a way the cache cannot decode.
   */
  Optional<Coded> of(int status, Function<String, List<String>> fields, byte[] body) {
    Coded unchanged = new Coded(body, Map.of());
    if (!compression.enabled() || body.length == 0 || status == 206
        || StoreRefusals.mentions(fields.apply("Cache-Control"), "no-transform")) {
      return Optional.of(unchanged);
    }
    List<String> codings = contentCodings(fields.apply("Content-Encoding"));
    if (codings.isEmpty()) {
      return Optional.of(compressible(fields) && body.length >= compression.minimumSize().bytes()
          ? new Coded(body, encoded(body, null))
          : unchanged);
    }
    if (codings.size() > 1) {
      return Optional.empty();
    }
    String own = codings.get(0);
    Optional<ContentCoder> decoder = compression.decoder(own);
    if (decoder.isEmpty()) {
      return Optional.empty();
    }
    byte[] identity;
    try {
      identity = decoder.get().decode(body, maximumBytes);
    } catch (IOException | RuntimeException undecodable) {
      return Optional.empty();
    }
    Map<String, byte[]> variants = compressible(fields) ? encoded(identity, own) : new LinkedHashMap<>();
    variants.put(AcceptEncoding.IDENTITY, identity);
    return Optional.of(new Coded(identity, variants));
  }

  /** {@code identity} in each configured coding but {@code skipped}, where that is smaller. */
  private Map<String, byte[]> encoded(byte[] identity, String skipped) {
    Map<String, byte[]> variants = new LinkedHashMap<>();
    for (ContentCoder coder : compression.encoders()) {
      if (coder.coding().equals(skipped)) {
        continue;
      }
      byte[] bytes = coder.encode(identity);
      if (bytes.length < identity.length) {
        variants.put(coder.coding(), bytes);
      }
    }
    return variants;
  }

  private boolean compressible(Function<String, List<String>> fields) {
    List<String> contentType = fields.apply("Content-Type");
    return contentType.size() == 1 && compression.compressible(contentType.get(0));
  }

  /** The codings {@code Content-Encoding} lists, in lower case, without {@code identity}. */
  private static List<String> contentCodings(List<String> values) {
    List<String> codings = new ArrayList<>();
    for (String value : values) {
      for (String coding : COMMA.split(value)) {
        String lower = Ascii.toLowerCase(coding);
        if (!lower.equals(AcceptEncoding.IDENTITY)) {
          codings.add(lower);
        }
      }
    }
    return codings;
  }
}
