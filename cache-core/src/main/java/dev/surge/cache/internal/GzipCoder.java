package dev.surge.cache.internal;

import dev.surge.cache.ContentCoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The {@code gzip} coding with the JDK's deflater, at a fixed level. Thread-safe. */
public final class GzipCoder implements ContentCoder {

  /** The level used unless another is chosen (see docs/benchmarks.md#compression-levels). */
  public static final int DEFAULT_LEVEL = 6;
  private static final int BUFFER_BYTES = 8192;

  private final int level;

  /** gzip at {@link #DEFAULT_LEVEL}. */
  public GzipCoder() {
    this(DEFAULT_LEVEL);
  }

  /** gzip at {@code level}, 1 (fastest) to 9 (smallest). */
  public GzipCoder(int level) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1 to 9: " + level);
    }
    this.level = level;
  }

  @Override
  public String coding() {
    return "gzip";
  }

  @Override
  public byte[] encode(byte[] identity) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length / 4 + 64);
    try (GZIPOutputStream gzip = new LeveledGzipStream(out, level)) {
      gzip.write(identity);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  @Override
  public byte[] decode(byte[] encoded, int maximumBytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded), BUFFER_BYTES)) {
      return readAtMost(in, maximumBytes);
    }
  }

  private static byte[] readAtMost(InputStream in, int maximumBytes) throws IOException {
    byte[] all = in.readNBytes(maximumBytes);
    if (in.read() != -1) {
      throw new IOException("decodes to more than " + maximumBytes + " bytes");
    }
    return all;
  }

  @Override
  public String toString() {
    return "gzip level " + level;
  }

  /** A gzip stream whose deflater runs at a chosen level. */
  private static final class LeveledGzipStream extends GZIPOutputStream {
    LeveledGzipStream(ByteArrayOutputStream out, int level) throws IOException {
      super(out, BUFFER_BYTES);
      def.setLevel(level);
    }
  }
}
