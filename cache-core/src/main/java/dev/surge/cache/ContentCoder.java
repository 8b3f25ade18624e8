package dev.surge.cache;

import java.io.IOException;

/**
 * One HTTP content coding (RFC 9110 §8.4.1) the cache can encode stored bodies with and decode application
 * encoded ones from: {@code gzip} is built in; {@code zstd} and {@code br} come with the {@code
 * surge-compression} module, found through {@link java.util.ServiceLoader}. An implementation is stateless
 * and thread-safe, and is called only when a response is stored, never while a hit is served.
 */
public interface ContentCoder {

  /** The coding's token as {@code Content-Encoding} names it, in lower case, e.g. {@code gzip}. */
  String coding();

  /** {@code identity} encoded with this coding; {@code identity} itself is left as it is. */
  byte[] encode(byte[] identity);

  /**
   * The identity bytes {@code encoded} decodes to.
   *
   * @throws IOException when {@code encoded} is not a valid body of this coding, or decodes to more than
   *     {@code maximumBytes} bytes
   */
  byte[] decode(byte[] encoded, int maximumBytes) throws IOException;
}
