package dev.surge.cache.compression;

import java.io.IOException;
import java.io.InputStream;

/** Reads a decoding stream to its end without holding more than a bound. */
final class BoundedReads {

  private BoundedReads() {}

  /**
   * Everything {@code in} yields, reading at most {@code maximumBytes} + 1 bytes from it.
   *
   * @throws IOException when {@code in} yields more than {@code maximumBytes} bytes, or fails
   */
  static byte[] readAtMost(InputStream in, int maximumBytes) throws IOException {
    byte[] all = in.readNBytes(maximumBytes);
    if (in.read() != -1) {
      throw new IOException("decodes to more than " + maximumBytes + " bytes");
    }
    return all;
  }
}
