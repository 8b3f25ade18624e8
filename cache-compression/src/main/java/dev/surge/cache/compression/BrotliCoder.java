package dev.surge.cache.compression;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.surge.cache.ContentCoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The {@code br} content coding (RFC 7932) with the native Brotli library that brotli4j ships, at a fixed
 * quality. Where that library cannot be loaded, constructing one fails, so {@link java.util.ServiceLoader}
 * discovery leaves {@code br} out there. Stateless and thread-safe.
 */
public final class BrotliCoder implements ContentCoder {

  /** The quality used unless another is chosen. */
  public static final int DEFAULT_LEVEL = 5;
  /** The fastest quality. */
  public static final int MIN_LEVEL = 0;
  /** The smallest-output quality. */
  public static final int MAX_LEVEL = 11;

  private final int level;

  /** Brotli at quality {@link #DEFAULT_LEVEL}. */
  public BrotliCoder() {
    this(DEFAULT_LEVEL);
  }

  /**
   * Brotli at quality {@code level}, {@link #MIN_LEVEL} (fastest) to {@link #MAX_LEVEL} (smallest).
   *
   * @throws IllegalArgumentException for a level outside that range
   * @throws UnsatisfiedLinkError when the native Brotli library cannot be loaded here
   */
  public BrotliCoder(int level) {
    if (level < MIN_LEVEL || level > MAX_LEVEL) {
      throw new IllegalArgumentException("brotli quality must be " + MIN_LEVEL + " to " + MAX_LEVEL + ": " + level);
    }
    Brotli4jLoader.ensureAvailability();
    this.level = level;
  }

  @Override
  public String coding() {
    return "br";
  }

  @Override
  public byte[] encode(byte[] identity) {
    try {
      return Encoder.compress(identity, new Encoder.Parameters().setQuality(level).setWindow(windowFor(identity.length)));
    } catch (IOException failed) {
      throw new UncheckedIOException(failed); // the native encoder failed, e.g. out of memory
    }
  }

  /**
   * The window (log2 of its bytes, 16 to 24) for a body of {@code length} bytes: the smallest that holds the
   * body beside Brotli's 16 reserved bytes, and never below 64 KB. The encoder otherwise prepares its default
   * 4 MB window on every call, which made a 20 KB page take 53 ms at quality 9 instead of 0.8 ms, for the
   * same bytes; and at the smallest windows brotli4j 1.20.0 wrote a 1,024-byte page that does not decode.
   */
  static int windowFor(int length) {
    long needed = (long) length + 16;
    int bits = 64 - Long.numberOfLeadingZeros(needed - 1);
    return Math.max(16, Math.min(24, bits));
  }

  @Override
  public byte[] decode(byte[] encoded, int maximumBytes) throws IOException {
    try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(encoded))) {
      return BoundedReads.readAtMost(in, maximumBytes);
    }
  }

  @Override
  public String toString() {
    return "brotli quality " + level;
  }
}
