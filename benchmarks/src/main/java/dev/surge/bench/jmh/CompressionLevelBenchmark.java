package dev.surge.bench.jmh;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a compressed variant costs to make at each level of gzip (the JDK's deflater), zstd (zstd-jni) and
 * brotli (brotli4j): the time of one whole-body compression of a 20 KB article page and of a 5 KB JSON answer
 * (bodies from {@link SampleBodies}), and the time to decode the page once, as the cache does with a body the
 * application compressed itself. The compressed size of each combination is printed when its trial starts;
 * {@link #main} prints them all as a table without timing anything.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionLevelBenchmark {

  private static final long SEED = 20_240_311L;
  private static final byte[] PAGE = SampleBodies.htmlPage(20 * 1024, SEED);
  private static final byte[] JSON = SampleBodies.jsonDocument(5 * 1024, SEED);

  /** A body and a coding at one level, the encoded form checked to decode to the body. */
  @State(Scope.Benchmark)
  public static class Compression {

    /** Which body to compress. */
    @Param({"html-20k", "json-5k"})
    public String body;

    /** Which coding, at which level. */
    @Param({"gzip-1", "gzip-4", "gzip-6", "gzip-9", "zstd-1", "zstd-3", "zstd-6", "zstd-9",
        "br-1", "br-4", "br-5", "br-6", "br-9", "br-11"})
    public String coding;

    LeveledCoding leveled;
    byte[] input;

    @Setup
    public void setUp() {
      leveled = LeveledCoding.parse(coding);
      input = body.equals("html-20k") ? PAGE : JSON;
      System.out.println(sizeLine(body, input, leveled));
    }
  }

  /** The article page, encoded once with a coding at a middle level, to be decoded. */
  @State(Scope.Benchmark)
  public static class Decoding {

    /** Which coding the page was encoded with. */
    @Param({"gzip-6", "zstd-3", "br-5"})
    public String coding;

    LeveledCoding leveled;
    byte[] encoded;

    @Setup
    public void setUp() {
      leveled = LeveledCoding.parse(coding);
      encoded = leveled.encode(PAGE);
    }
  }

  /** One whole-body compression, as the store does once per stored variant. */
  @Benchmark
  public byte[] compress(Compression state) {
    return state.leveled.encode(state.input);
  }

  /** One decoding of the compressed page to its full bytes. */
  @Benchmark
  public byte[] decode(Decoding state) {
    return state.leveled.decode(state.encoded);
  }

  /** The compressed size of a body with a coding, after checking that it decodes back to the body. */
  static String sizeLine(String name, byte[] input, LeveledCoding leveled) {
    byte[] encoded = leveled.encode(input);
    if (!Arrays.equals(leveled.decode(encoded), input)) {
      throw new IllegalStateException(leveled + " does not decode " + name + " back to itself");
    }
    return String.format(Locale.ROOT, "size %-8s %-6s %6d -> %6d bytes (%.1f%%)", name, leveled, input.length,
        encoded.length, 100.0 * encoded.length / input.length);
  }

  /** Prints the compressed size of every body with every coding and level, and whether brotli's native loaded. */
  public static void main(String[] args) throws NoSuchFieldException {
    System.out.println("brotli4j native available: " + Brotli4jLoader.isAvailable());
    for (String coding : Compression.class.getField("coding").getAnnotation(Param.class).value()) {
      LeveledCoding leveled = LeveledCoding.parse(coding);
      System.out.println(sizeLine("html-20k", PAGE, leveled));
      System.out.println(sizeLine("json-5k", JSON, leveled));
    }
  }
}
