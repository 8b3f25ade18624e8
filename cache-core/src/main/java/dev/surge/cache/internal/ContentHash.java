package dev.surge.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 128-bit MurmurHash3 (x64 variant, seed 0) of a body, as lower-case hex of its 16 bytes in little-endian
 * order: the same text as Guava's {@code Hashing.murmur3_128().hashBytes(body).toString()}, so that generated
 * {@code ETag}s do not change, computed in one pass over the array without Guava's streaming buffer (it runs for
 * every stored response).
 */
public final class ContentHash {

  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ContentHash() {}

  /** The hash of {@code body}, as 32 lower-case hex digits. */
  public static String of(byte[] body) {
    long h1 = 0;
    long h2 = 0;
    int blocks = body.length & ~15;
    for (int i = 0; i < blocks; i += 16) {
      h1 ^= mixK1((long) LONG_LE.get(body, i));
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2((long) LONG_LE.get(body, i + 8));
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    for (int i = body.length - 1; i >= blocks; i--) { // the tail: up to 15 bytes, little-endian
      int offset = i - blocks;
      long value = body[i] & 0xffL;
      if (offset >= 8) {
        k2 |= value << (8 * (offset - 8));
      } else {
        k1 |= value << (8 * offset);
      }
    }
    h1 ^= mixK1(k1);
    h2 ^= mixK2(k2);
    h1 ^= body.length;
    h2 ^= body.length;
    h1 += h2;
    h2 += h1;
    h1 = finish(h1);
    h2 = finish(h2);
    h1 += h2;
    h2 += h1;
    char[] hex = new char[32];
    appendLittleEndian(hex, 0, h1);
    appendLittleEndian(hex, 16, h2);
    return new String(hex);
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long finish(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static void appendLittleEndian(char[] hex, int at, long value) {
    for (int b = 0; b < 8; b++) {
      int octet = (int) (value >>> (8 * b)) & 0xff;
      hex[at + 2 * b] = HEX[octet >>> 4];
      hex[at + 2 * b + 1] = HEX[octet & 0xf];
    }
  }
}
