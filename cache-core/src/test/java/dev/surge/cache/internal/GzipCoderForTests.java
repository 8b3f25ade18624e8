package dev.surge.cache.internal;

import dev.surge.cache.ContentCoder;
import java.io.IOException;

/** A coder under another name that a test class path provides, to test how coders are found. */
public class GzipCoderForTests implements ContentCoder {

  private final GzipCoder gzip = new GzipCoder();

  @Override
  public String coding() {
    return "test-gzip";
  }

  @Override
  public byte[] encode(byte[] identity) {
    return gzip.encode(identity);
  }

  @Override
  public byte[] decode(byte[] encoded, int maximumBytes) throws IOException {
    return gzip.decode(encoded, maximumBytes);
  }
}
