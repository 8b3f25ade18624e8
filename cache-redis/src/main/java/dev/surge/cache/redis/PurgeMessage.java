package dev.surge.cache.redis;

import dev.surge.cache.CacheKey;
import dev.surge.cache.Purge;
import java.util.Map;
import java.util.Optional;

/**
 * A purge as published on the fan-out channel, with the id of the cache that published it so that the
 * publisher can recognise its own echo.
 *
 * <p>Format version 1: the magic bytes {@code 'S' 'P'}, one version byte, the origin as a string, one kind byte
 * (1 resource, 2 path prefix, 3 tag, 4 all, 5 path) and the kind's fields: a resource's method, scheme, host,
 * path and query, a prefix, a tag, or a path and its query; strings as in {@link EntryCodec}. Kind 5 came
 * later within version 1: an instance that predates it ignores such a message, as it ignores any it cannot
 * decode. {@link #decode} never throws: anything else decodes to empty and is ignored by the receiver.
 *
 * @param origin the publishing cache's id
 * @param purge the purge
 */
record PurgeMessage(String origin, Purge purge) {

  private static final int MAGIC_0 = 'S';
  private static final int MAGIC_1 = 'P';
  private static final int VERSION = 1;
  private static final int RESOURCE = 1;
  private static final int PATH_PREFIX = 2;
  private static final int TAG = 3;
  private static final int ALL = 4;
  private static final int PATH = 5;

  byte[] encode() {
    BinaryWriter out = new BinaryWriter(64);
    out.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(VERSION).writeString(origin);
    if (purge instanceof Purge.Resource resource) {
      CacheKey key = resource.key();
      out.writeByte(RESOURCE).writeString(key.method()).writeString(key.scheme()).writeString(key.host())
          .writeString(key.path()).writeString(key.query());
    } else if (purge instanceof Purge.PathPrefix prefix) {
      out.writeByte(PATH_PREFIX).writeString(prefix.prefix());
    } else if (purge instanceof Purge.Path path) {
      out.writeByte(PATH).writeString(path.path()).writeString(path.query());
    } else if (purge instanceof Purge.Tag tag) {
      out.writeByte(TAG).writeString(tag.tag());
    } else {
      out.writeByte(ALL);
    }
    return out.toByteArray();
  }

  static Optional<PurgeMessage> decode(byte[] message) {
    try {
      BinaryReader in = new BinaryReader(message, 0);
      if (in.readByte() != MAGIC_0 || in.readByte() != MAGIC_1 || in.readByte() != VERSION) {
        return Optional.empty();
      }
      String origin = in.readString();
      Purge purge = switch (in.readByte()) {
        case RESOURCE -> new Purge.Resource(new CacheKey(
            in.readString(), in.readString(), in.readString(), in.readString(), in.readString(), Map.of()));
        case PATH_PREFIX -> new Purge.PathPrefix(in.readString());
        case TAG -> new Purge.Tag(in.readString());
        case ALL -> Purge.ALL;
        case PATH -> new Purge.Path(in.readString(), in.readString());
        default -> throw new MalformedValueException("unknown purge kind");
      };
      in.expectEnd();
      return Optional.of(new PurgeMessage(origin, purge));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
