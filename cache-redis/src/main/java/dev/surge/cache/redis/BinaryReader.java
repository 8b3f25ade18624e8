package dev.surge.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads what {@link BinaryWriter} wrote, trusting nothing: every length is checked against the bytes that are
 * left before anything is allocated, and any malformed field throws {@link MalformedValueException}.
 */
final class BinaryReader {

  private final ByteBuffer in;

  BinaryReader(byte[] bytes, int offset) {
    this.in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
  }

  int readByte() {
    need(1);
    return in.get() & 0xFF;
  }

  int readInt() {
    need(4);
    return in.getInt();
  }

  long readVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int next = readByte();
      value |= (long) (next & 0x7F) << shift;
      if ((next & 0x80) == 0) {
        if (shift == 63 && next > 1) {
          throw new MalformedValueException("varint overflows 64 bits");
        }
        return value;
      }
    }
    throw new MalformedValueException("varint longer than 10 bytes");
  }

  long readSignedVarLong() {
    long zigzag = readVarLong();
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /** A count or length that must fit in what is left of the input (each element takes at least one byte). */
  int readCount() {
    long count = readVarLong();
    if (count < 0 || count > in.remaining()) {
      throw new MalformedValueException("count " + count + " exceeds the " + in.remaining() + " bytes left");
    }
    return (int) count;
  }

  byte[] readBytes() {
    byte[] bytes = new byte[readCount()];
    in.get(bytes);
    return bytes;
  }

  String readString() {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(readBytes()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      throw new MalformedValueException("a string is not UTF-8");
    }
  }

  Instant readInstant() {
    long seconds = readSignedVarLong();
    return Instant.ofEpochSecond(seconds, nanos());
  }

  Duration readDuration() {
    long seconds = readVarLong();
    if (seconds < 0) {
      throw new MalformedValueException("negative duration");
    }
    return Duration.ofSeconds(seconds, nanos());
  }

  /** Fails unless every byte was read: a value never carries trailing bytes. */
  void expectEnd() {
    if (in.hasRemaining()) {
      throw new MalformedValueException(in.remaining() + " trailing bytes");
    }
  }

  private long nanos() {
    long nanos = readVarLong();
    if (nanos < 0 || nanos >= 1_000_000_000L) {
      throw new MalformedValueException("nanoseconds out of range: " + nanos);
    }
    return nanos;
  }

  private void need(int bytes) {
    if (in.remaining() < bytes) {
      throw new MalformedValueException("truncated");
    }
  }
}
