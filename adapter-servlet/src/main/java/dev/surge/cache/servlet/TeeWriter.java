package dev.surge.cache.servlet;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;

/**
 * The response's writer as the application sees it: characters go to the container's writer (which encodes
 * them with the response's charset) and a copy of the characters is kept, to be encoded when the response
 * completes, only if every character encodes exactly (then every container writes the same bytes). The
 * container's writer swallows I/O errors; {@link #clientFailed()} asks it.
 */
final class TeeWriter extends Writer {

  private final PrintWriter client;
  private final long limit;
  private final StringBuilder characters = new StringBuilder();
  private boolean overflowed;

  TeeWriter(PrintWriter client, long limit) {
    this.client = client;
    this.limit = limit;
  }

  @Override
  public void write(char[] source, int offset, int length) {
    client.write(source, offset, length);
    if (keeping(length)) {
      characters.append(source, offset, length);
    }
  }

  @Override
  public void write(String text, int offset, int length) {
    client.write(text, offset, length);
    if (keeping(length)) {
      characters.append(text, offset, offset + length);
    }
  }

  @Override
  public void write(int character) {
    client.write(character);
    if (keeping(1)) {
      characters.append((char) character);
    }
  }

  @Override
  public void flush() {
    client.flush();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Flushes the container's writer and tells whether any write to the client failed. */
  boolean clientFailed() {
    return client.checkError();
  }

  boolean overflowed() {
    return overflowed;
  }

  /**
   * The characters kept, encoded with {@code charset}; empty when some cannot be encoded exactly (unmappable
   * in that charset, or a lone surrogate), where every container writes its own replacement bytes.
   */
  Optional<byte[]> encodedExactly(Charset charset) {
    try {
      ByteBuffer encoded = charset.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(characters));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return Optional.of(bytes);
    } catch (CharacterCodingException notExactly) {
      return Optional.empty();
    }
  }

  void clear() {
    characters.setLength(0);
  }

  /** Every character encodes to at least one byte, so more characters than the limit is an overflow. */
  private boolean keeping(int length) {
    if (!overflowed && (long) characters.length() + length > limit) {
      overflowed = true;
      characters.setLength(0);
      characters.trimToSize();
    }
    return !overflowed;
  }
}
