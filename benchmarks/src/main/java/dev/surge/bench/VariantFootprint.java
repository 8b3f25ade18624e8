package dev.surge.bench;

import dev.surge.cache.CachedResponse;
import dev.surge.cache.Compression;
import dev.surge.cache.ContentCoder;
import dev.surge.cache.ResponseHeaders;
import dev.surge.cache.internal.ContentHash;
import dev.surge.cache.internal.HttpDates;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jol.info.GraphLayout;

/**
 * What one {@link CompressibleBody} costs on the wire and in the store: its length in each coding Surge keeps
 * (with the default {@link Compression}, every coder on the class path, each at its default level), and one
 * stored entry of it, with those variants and with the identity body only: {@link CachedResponse#size()}, the
 * estimate the store is bounded by, beside the heap the entry retains as JOL measures it (after one hit of
 * each coding, so with the view each keeps for the hits of the same second).
 *
 * @param identity the body's length
 * @param coded the body's length in each coding
 * @param estimateWithVariants {@code size()} of the entry with its variants
 * @param estimateIdentityOnly {@code size()} of the entry without them
 * @param retainedWithVariants the heap the entry with its variants retains
 * @param retainedIdentityOnly the heap the entry without them retains
 */
record VariantFootprint(int identity, Map<String, Integer> coded, long estimateWithVariants,
    long estimateIdentityOnly, long retainedWithVariants, long retainedIdentityOnly) {

  /** Measures {@code body}. */
  static VariantFootprint of(CompressibleBody body) {
    byte[] identity = body.bytes();
    Map<String, byte[]> variants = new LinkedHashMap<>();
    for (ContentCoder coder : Compression.defaults().encoders()) {
      variants.put(coder.coding(), coder.encode(identity));
    }
    Instant now = Instant.now();
    CachedResponse withVariants = entry(body, identity, variants, now);
    CachedResponse identityOnly = entry(body, identity, Map.of(), now);
    Map<String, Integer> lengths = new LinkedHashMap<>();
    variants.forEach((coding, bytes) -> lengths.put(coding, bytes.length));
    return new VariantFootprint(identity.length, Map.copyOf(lengths), withVariants.size().bytes(),
        identityOnly.size().bytes(), retained(withVariants), retained(identityOnly));
  }

  /** One line: the lengths per coding, then the entry's estimate and retained heap. */
  String line() {
    String codings = coded.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .map(coding -> String.format(Locale.ROOT, "%s %,d B (%.2f)", coding.getKey(), coding.getValue(),
            coding.getValue() / (double) identity))
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "identity %,d B, %s; one stored entry with its variants: size() %,d B,"
        + " retained %,d B; identity only: size() %,d B, retained %,d B", identity, codings, estimateWithVariants,
        retainedWithVariants, estimateIdentityOnly, retainedIdentityOnly);
  }

  /** An entry as the store holds one of {@code body}: the stored fields, the body, the variants given. */
  private static CachedResponse entry(CompressibleBody body, byte[] identity, Map<String, byte[]> variants,
      Instant now) {
    ResponseHeaders.Builder fields = ResponseHeaders.builder()
        .add("Content-Type", body.contentType())
        .add("Content-Length", Integer.toString(identity.length))
        .add("Date", HttpDates.format(now))
        .add("ETag", "\"" + ContentHash.of(identity) + "\"");
    if (!variants.isEmpty()) {
      fields.add("Vary", "Accept-Encoding");
    }
    CachedResponse.Builder entry = CachedResponse.builder().status(200).headers(fields.build()).body(identity)
        .storedAt(now).freshnessLifetime(Duration.ofHours(1));
    variants.forEach(entry::variant);
    CachedResponse built = entry.build();
    for (String coding : built.codings()) {
      built.variant(coding).orElseThrow().fullView(now);
    }
    return built;
  }

  /** The bytes reachable from {@code entry}, measured by JOL over the running JVM's layout. */
  private static long retained(CachedResponse entry) {
    // Records' fields have no Unsafe offset on Java 17; JOL then finds offsets its own way.
    System.setProperty("jol.magicFieldOffset", "true");
    System.setProperty("jol.skipHotspotSAAttach", "true");
    return GraphLayout.parseInstance(entry).totalSize();
  }
}
