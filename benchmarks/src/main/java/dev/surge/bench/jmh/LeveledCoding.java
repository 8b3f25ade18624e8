package dev.surge.bench.jmh;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A content coding at one level, named as the benchmark's parameters name it ({@code gzip-6}, {@code zstd-3},
 * {@code br-5}): one-shot encoding of a whole body, and decoding of a body whose decoded length is not known
 * in advance, as for a body the application compressed itself. zstd decodes through the stream without a
 * finalizer and with pooled buffers: the plain {@code ZstdInputStream} has a finalizer and fresh 128 KB buffers
 * per stream, and decoding a 20 KB page with it cost 0.1 to 1 ms instead of about 25 µs here.
 */
record LeveledCoding(String coding, int level) {

  /** The coding named {@code name}, as {@code coding-level}. */
  static LeveledCoding parse(String name) {
    int dash = name.lastIndexOf('-');
    LeveledCoding parsed = new LeveledCoding(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
    if (parsed.coding.equals("br")) {
      Brotli4jLoader.ensureAvailability();
    } else if (!parsed.coding.equals("gzip") && !parsed.coding.equals("zstd")) {
      throw new IllegalArgumentException("unknown coding: " + name);
    }
    return parsed;
  }

  byte[] encode(byte[] body) {
    try {
      return switch (coding) {
        case "gzip" -> gzip(body);
        case "zstd" -> Zstd.compress(body, level);
        default -> Encoder.compress(body, Encoder.Parameters.create(level, brotliWindow(body.length)));
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] decode(byte[] encoded) {
    ByteArrayInputStream in = new ByteArrayInputStream(encoded);
    try (InputStream decoder = switch (coding) {
          case "gzip" -> new GZIPInputStream(in);
          case "zstd" -> new ZstdInputStreamNoFinalizer(in, RecyclingBufferPool.INSTANCE);
          default -> new BrotliInputStream(in);
        }) {
      return decoder.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The smallest brotli window (log2 of its bytes, 10 to 24) that holds the whole body. brotli4j does not pass
   * the body's size to the encoder, which otherwise sizes its tables for the default 4 MB window on every call:
   * at quality 9 that makes a 20 KB page cost about 50 ms instead of under 1 ms.
   */
  private static int brotliWindow(int length) {
    return Math.max(10, Math.min(24, 32 - Integer.numberOfLeadingZeros(Math.max(1, length - 1))));
  }

  private byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2);
    try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
      gzip.write(body);
    }
    return out.toByteArray();
  }

  /** The JDK's gzip stream with its deflater set to a level (the stream itself always starts at the default). */
  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 8192);
      def.setLevel(level);
    }
  }

  @Override
  public String toString() {
    return coding + "-" + level;
  }
}
