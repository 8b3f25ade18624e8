package dev.surge.cache.redis;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseHeaders;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The shared tier's binary format for one entry: its key and its response, compact, versioned and
 * checksummed, so that whatever Redis hands back is either exactly what was stored or nothing.
 *
 * <p>Format version 4, big-endian: the magic bytes {@code 'S' 'G'}; one version byte; a four-byte CRC-32C of
 * everything after it; then the key (method, scheme, host, path, query, and the count and name/value pairs
 * of its header selection), the status as a varint, stored-at (zigzag varint epoch seconds, varint nanos),
 * the freshness lifetime, the initial age and the stale-while-revalidate, stale-if-error and revalidation
 * windows (varint seconds, varint nanos each), the count and values of the tags, the count and name/value
 * pairs of the headers, the count and name/value pairs of the conditional fields that revalidate it, the
 * body, and the count and coding/body pairs of its content-coded variants, most preferred first (so that a
 * variant is compressed once for the whole fleet). Strings are a varint byte length followed by UTF-8; a body
 * is a varint length followed by its bytes. Nothing may follow the last variant.
 *
 * <p>{@link #decode} never throws: a value with another magic or version, a checksum that does not match, a
 * length that runs past the end, trailing bytes, a string that is not UTF-8, or a field the core would not
 * accept (a status out of range, a header name that is not a token) decodes to empty.
 */
final class EntryCodec {

  static final int VERSION = 4;
  private static final int MAGIC_0 = 'S';
  private static final int MAGIC_1 = 'G';
  private static final int HEADER_BYTES = 7;

  /** A key with the response stored under it. */
  record Entry(CacheKey key, CachedResponse response) {}

  private EntryCodec() {}

  static byte[] encode(CacheKey key, CachedResponse response) {
    BinaryWriter out = new BinaryWriter(HEADER_BYTES + 64 + 2 * key.length()
        + (int) Math.min(Integer.MAX_VALUE / 2, response.size().bytes()));
    out.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(VERSION).writeInt(0);
    writeKey(out, key);
    out.writeVarLong(response.status())
        .writeInstant(response.storedAt())
        .writeDuration(response.freshnessLifetime())
        .writeDuration(response.initialAge())
        .writeDuration(response.staleWhileRevalidate())
        .writeDuration(response.staleIfError())
        .writeDuration(response.revalidationWindow());
    out.writeVarLong(response.tags().size());
    response.tags().forEach(out::writeString);
    writeFields(out, response.headers());
    writeFields(out, response.conditionalFields());
    out.writeBytes(response.body());
    List<String> variantCodings = variantCodings(response);
    out.writeVarLong(variantCodings.size());
    for (String coding : variantCodings) {
      out.writeString(coding).writeBytes(response.variant(coding).orElseThrow().body());
    }
    out.putInt(3, checksum(out.array(), HEADER_BYTES, out.length()));
    return out.toByteArray();
  }

  static Optional<Entry> decode(byte[] value) {
    try {
      if (value.length < HEADER_BYTES
          || (value[0] & 0xFF) != MAGIC_0
          || (value[1] & 0xFF) != MAGIC_1
          || (value[2] & 0xFF) != VERSION) {
        return Optional.empty();
      }
      BinaryReader in = new BinaryReader(value, 3);
      if (in.readInt() != checksum(value, HEADER_BYTES, value.length)) {
        return Optional.empty();
      }
      CacheKey key = readKey(in);
      CachedResponse.Builder response = CachedResponse.builder()
          .status(Math.toIntExact(in.readVarLong()))
          .storedAt(in.readInstant())
          .freshnessLifetime(in.readDuration())
          .initialAge(in.readDuration())
          .staleWhileRevalidate(in.readDuration())
          .staleIfError(in.readDuration())
          .revalidationWindow(in.readDuration());
      int tagCount = in.readCount();
      Set<String> tags = new LinkedHashSet<>();
      for (int i = 0; i < tagCount; i++) {
        tags.add(in.readString());
      }
      response.tags(tags).headers(readFields(in)).conditionalFields(readFields(in));
      response.body(in.readBytes());
      int variantCount = in.readCount();
      for (int i = 0; i < variantCount; i++) {
        response.variant(in.readString(), in.readBytes());
      }
      in.expectEnd();
      return Optional.of(new Entry(key, response.build()));
    } catch (RuntimeException malformed) { // MalformedValueException, or a value the core's builders refuse
      return Optional.empty();
    }
  }

  /** The codings of the response's variants, most preferred first: all it holds but its own. */
  private static List<String> variantCodings(CachedResponse response) {
    if (!response.hasVariants()) {
      return List.of();
    }
    return response.codings().stream().filter(coding -> response.variant(coding).orElseThrow() != response).toList();
  }

  /** The key alone, in the format's unambiguous encoding: equal keys, and only they, give equal bytes. */
  static byte[] keyBytes(CacheKey key) {
    BinaryWriter out = new BinaryWriter(16 + 2 * key.length());
    writeKey(out, key);
    return out.toByteArray();
  }

  private static void writeKey(BinaryWriter out, CacheKey key) {
    out.writeString(key.method()).writeString(key.scheme()).writeString(key.host())
        .writeString(key.path()).writeString(key.query());
    out.writeVarLong(key.headers().size());
    key.headers().forEach((name, value) -> out.writeString(name).writeString(value));
  }

  private static void writeFields(BinaryWriter out, ResponseHeaders fields) {
    out.writeVarLong(fields.size());
    fields.forEach((name, value) -> out.writeString(name).writeString(value));
  }

  private static ResponseHeaders readFields(BinaryReader in) {
    int count = in.readCount();
    ResponseHeaders.Builder fields = ResponseHeaders.builder();
    for (int i = 0; i < count; i++) {
      fields.add(in.readString(), in.readString());
    }
    return fields.build();
  }

  private static CacheKey readKey(BinaryReader in) {
    String method = in.readString();
    String scheme = in.readString();
    String host = in.readString();
    String path = in.readString();
    String query = in.readString();
    int count = in.readCount();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      if (headers.put(in.readString(), in.readString()) != null) {
        throw new MalformedValueException("a key header appears twice");
      }
    }
    return new CacheKey(method, scheme, host, path, query, headers);
  }

  private static int checksum(byte[] bytes, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, to - from);
    return (int) crc.getValue();
  }
}
