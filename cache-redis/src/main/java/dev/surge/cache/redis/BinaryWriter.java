package dev.surge.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Appends the primitive fields of Surge's binary formats to a growing byte array: varints, strings, bytes. */
final class BinaryWriter {

  private byte[] bytes;
  private int length;

  BinaryWriter(int expectedSize) {
    this.bytes = new byte[Math.max(16, expectedSize)];
  }

  BinaryWriter writeByte(int value) {
    ensure(1);
    bytes[length++] = (byte) value;
    return this;
  }

  BinaryWriter writeInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** An unsigned LEB128 varint; {@code value} must not be negative. */
  BinaryWriter writeVarLong(long value) {
    ensure(10);
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[length++] = (byte) rest;
    return this;
  }

  /** A signed value, zigzag-encoded as a varint. */
  BinaryWriter writeSignedVarLong(long value) {
    return writeVarLong((value << 1) ^ (value >> 63));
  }

  BinaryWriter writeBytes(byte[] source, int offset, int count) {
    writeVarLong(count);
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
    return this;
  }

  /** The remaining bytes of {@code source}, length first; the buffer's position is not changed. */
  BinaryWriter writeBytes(ByteBuffer source) {
    int count = source.remaining();
    writeVarLong(count);
    ensure(count);
    source.duplicate().get(bytes, length, count);
    length += count;
    return this;
  }

  BinaryWriter writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return writeBytes(utf8, 0, utf8.length);
  }

  BinaryWriter writeInstant(Instant instant) {
    return writeSignedVarLong(instant.getEpochSecond()).writeVarLong(instant.getNano());
  }

  BinaryWriter writeDuration(Duration duration) {
    return writeVarLong(duration.getSeconds()).writeVarLong(duration.getNano());
  }

  /** Overwrites the four bytes at {@code offset} with {@code value}, big-endian. */
  void putInt(int offset, int value) {
    for (int i = 0; i < 4; i++) {
      bytes[offset + i] = (byte) (value >>> (24 - 8 * i));
    }
  }

  int length() {
    return length;
  }

  /** The bytes written, in their own array; a view of {@code [offset, length)} is read by {@link #array()}. */
  byte[] toByteArray() {
    return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
  }

  /** The internal array, valid up to {@link #length()}; for computing a checksum in place. */
  byte[] array() {
    return bytes;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
    }
  }
}
