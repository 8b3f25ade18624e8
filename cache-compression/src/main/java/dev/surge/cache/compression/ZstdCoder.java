package dev.surge.cache.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import dev.surge.cache.ContentCoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The {@code zstd} content coding (RFC 8878) with the native zstd library, at a fixed level. Every frame it
 * encodes needs a window of at most 8 MB, the most HTTP clients must accept (RFC 9659), and it refuses to
 * decode a frame that needs more. Stateless and thread-safe.
 */
public final class ZstdCoder implements ContentCoder {

  /** The level used unless another is chosen. */
  public static final int DEFAULT_LEVEL = 6;
  /** The fastest level. */
  public static final int MIN_LEVEL = 1;
  /** The smallest-output level whose window stays within 8 MB for a body of any size (20 to 22 exceed it). */
  public static final int MAX_LEVEL = 19;
  /** 8 MB, the window RFC 9659 allows a {@code zstd} content coding. */
  private static final int MAX_WINDOW_LOG = 23;

  private final int level;

  /** zstd at {@link #DEFAULT_LEVEL}. */
  public ZstdCoder() {
    this(DEFAULT_LEVEL);
  }

  /**
   * zstd at {@code level}, {@link #MIN_LEVEL} (fastest) to {@link #MAX_LEVEL} (smallest).
   *
   * @throws IllegalArgumentException for a level outside that range
   * @throws UnsatisfiedLinkError when the native zstd library cannot be loaded here
   */
  public ZstdCoder(int level) {
    if (level < MIN_LEVEL || level > MAX_LEVEL) {
      throw new IllegalArgumentException("zstd level must be " + MIN_LEVEL + " to " + MAX_LEVEL + ": " + level);
    }
    Native.load(); // here, where a missing library keeps zstd out, rather than at the first body
    this.level = level;
  }

  @Override
  public String coding() {
    return "zstd";
  }

  @Override
  public byte[] encode(byte[] identity) {
    return Zstd.compress(identity, level);
  }

  @Override
  public byte[] decode(byte[] encoded, int maximumBytes) throws IOException {
    try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(encoded))) {
      in.setLongMax(MAX_WINDOW_LOG);
      return BoundedReads.readAtMost(in, maximumBytes);
    }
  }

  @Override
  public String toString() {
    return "zstd level " + level;
  }
}
