package dev.surge.cache.servlet;

import java.util.Arrays;

/**
 * The copy of a response body kept aside while it streams to the client. It grows only as bytes arrive
 * (never from a declared length) and, once the limit would be passed, lets go of what it holds and stops
 * copying: from then on it only remembers that it overflowed.
 */
final class CaptureBuffer {

  private static final int INITIAL_CAPACITY = 4096;

  private final long limit;
  private byte[] bytes = new byte[0];
  private int size;
  private boolean overflowed;

  CaptureBuffer(long limit) {
    this.limit = limit;
  }

  void append(byte[] source, int offset, int length) {
    if (overflowed || length == 0) {
      return;
    }
    if ((long) size + length > limit) {
      overflow();
      return;
    }
    if (size + length > bytes.length) {
      // A body written at once (the common case) gets an array of its size; one written in parts grows by doubling.
      int wanted = size == 0 ? length : Math.max(size + length, Math.max(INITIAL_CAPACITY, bytes.length * 2));
      bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, limit));
    }
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  void append(int oneByte) {
    append(new byte[] {(byte) oneByte}, 0, 1);
  }

  void overflow() {
    overflowed = true;
    bytes = new byte[0];
    size = 0;
  }

  void clear() {
    if (!overflowed) {
      size = 0;
    }
  }

  boolean overflowed() {
    return overflowed;
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }
}
