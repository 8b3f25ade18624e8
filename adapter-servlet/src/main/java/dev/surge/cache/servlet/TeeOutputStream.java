package dev.surge.cache.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The response's output stream as the application sees it: every byte goes to the client at once and a copy
 * goes to the capture. A failed write (the client went away) is remembered so that nothing is stored.
 */
final class TeeOutputStream extends ServletOutputStream {

  private final ServletOutputStream client;
  private final CapturingResponse response;

  TeeOutputStream(ServletOutputStream client, CapturingResponse response) {
    this.client = client;
    this.response = response;
  }

  @Override
  public void write(int oneByte) throws IOException {
    try {
      client.write(oneByte);
    } catch (IOException failure) {
      throw response.clientFailed(failure);
    }
    response.capture().append(oneByte);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    try {
      client.write(bytes, offset, length);
    } catch (IOException failure) {
      throw response.clientFailed(failure);
    }
    response.capture().append(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    try {
      client.flush();
    } catch (IOException failure) {
      throw response.clientFailed(failure);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } catch (IOException failure) {
      throw response.clientFailed(failure);
    }
  }

  @Override
  public boolean isReady() {
    return client.isReady();
  }

  /** Non-blocking output is passed through untouched and the response is not stored. */
  @Override
  public void setWriteListener(WriteListener listener) {
    response.uncacheable("non-blocking output");
    client.setWriteListener(listener);
  }
}
