package dev.surge.cache.diff;

import dev.surge.cache.Compression;
import dev.surge.cache.ContentCoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Puts a compressed answer of Surge back into the identity answer the application sent, so that {@link
 * Comparison} compares what the client reads: a content coding the client asked for is allowed on a hit when
 * its body decodes (gzip by the JDK's own decoder) to the application's bytes and its {@code Content-Length}
 * declares the encoded bytes; the strong {@code ETag} of such a variant is the application's with {@code
 * -coding} appended, and a hit carries {@code Vary: Accept-Encoding}. What is put back is checked here; a
 * problem is reported, never hidden.
 */
final class ContentDecoding {

  private static final int MAXIMUM_DECODED_BYTES = 64 << 20;

  private ContentDecoding() {}

  /** Surge's answer as the identity answer it stands for, and the problems found on the way. */
  record Decoded(Observed surge, List<String> problems) {}

  /**
   * {@code surge} with its content coding taken off, when it has one the application's answer {@code plain}
   * lacks: the body decoded, {@code Content-Encoding} dropped, {@code Content-Length} the decoded length and a
   * variant's {@code ETag} the application's; and, on an answer from the store, the {@code Vary:
   * Accept-Encoding} Surge adds dropped when the application sent none.
   */
  static Decoded identityOf(Visitor visitor, Observed plain, Observed surge) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> headers = new TreeMap<>(surge.headers());
    byte[] body = surge.body();
    boolean fromStore = surge.isHit() || surge.status() == 304;
    if (fromStore && !plain.headers().getOrDefault("vary", List.of()).contains("Accept-Encoding")) {
      List<String> vary = new ArrayList<>(headers.getOrDefault("vary", List.of()));
      if (vary.remove("Accept-Encoding")) {
        headers.put("vary", List.copyOf(vary));
        headers.remove("vary", List.of());
      }
    }
    Optional<String> coding = surge.first("content-encoding").map(value -> value.toLowerCase(Locale.ROOT));
    if (coding.isEmpty() || plain.first("content-encoding").isPresent()) {
      return new Decoded(new Observed(surge.status(), headers, body, surge.failure()), problems);
    }
    if (!fromStore) {
      problems.add("a miss sent Content-Encoding " + coding.get() + " the application did not");
    }
    if (!accepts(visitor, coding.get())) {
      problems.add("Content-Encoding " + coding.get() + " sent to a client that did not ask for it");
    }
    if (!visitor.method().equals("HEAD")) {
      int encodedLength = body.length;
      surge.first("content-length").filter(length -> Long.parseLong(length) != encodedLength)
          .ifPresent(length -> problems.add("a compressed hit declares Content-Length " + length + " for "
              + encodedLength + " bytes"));
      try {
        body = decode(coding.get(), body);
      } catch (IOException | RuntimeException undecodable) {
        problems.add("a " + coding.get() + " body that does not decode: " + undecodable);
      }
      headers.put("content-length", List.of(Integer.toString(body.length)));
    }
    headers.remove("content-encoding");
    String suffix = "-" + coding.get() + "\"";
    Optional<String> etag = surge.first("etag");
    if (etag.isPresent() && !etag.get().startsWith("W/")) {
      if (etag.get().endsWith(suffix)) {
        headers.put("etag", List.of(etag.get().substring(0, etag.get().length() - suffix.length()) + "\""));
      } else {
        problems.add("a " + coding.get() + " variant with the strong ETag " + etag.get() + " of another variant");
      }
    }
    return new Decoded(new Observed(surge.status(), headers, body, surge.failure()), problems);
  }

  private static boolean accepts(Visitor visitor, String coding) {
    for (int i = 0; i < visitor.headers().size(); i += 2) {
      if (visitor.headers().get(i).equalsIgnoreCase("Accept-Encoding")) {
        return visitor.headers().get(i + 1).toLowerCase(Locale.ROOT).contains(coding);
      }
    }
    return false;
  }

  private static byte[] decode(String coding, byte[] body) throws IOException {
    if (coding.equals("gzip")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    Optional<ContentCoder> decoder = Compression.defaults().decoder(coding);
    if (decoder.isEmpty()) {
      throw new IOException("no decoder here for " + coding);
    }
    return decoder.get().decode(body, MAXIMUM_DECODED_BYTES);
  }
}
