package dev.surge.cache;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an adapter saw the application produce for a request: the status, the header fields as the
 * application set them (unvalidated), and the body bytes copied aside while they streamed to the client.
 *
 * <p>An adapter reports it when the response completed without error. If the body grew past the limit the
 * adapter was given, the adapter stops copying and marks the capture {@linkplain Builder#overflowed()
 * overflowed}; such a capture is never stored. The cache decides what to keep; this class only carries.
 */
public final class CapturedResponse {

  private final int status;
  private final List<ResponseHeaders.Field> headers;
  private final byte[] body;
  private final boolean overflowed;

  private CapturedResponse(Builder builder) {
    this.status = builder.status;
    this.headers = List.copyOf(builder.headers);
    this.body = builder.body;
    this.overflowed = builder.overflowed;
  }

  /** A new builder; status 200, no headers, no body. */
  public static Builder builder() {
    return new Builder();
  }

  /** The status code the application set. */
  public int status() {
    return status;
  }

  /** The header fields as the application set them, in order, not yet validated. */
  public List<ResponseHeaders.Field> headers() {
    return headers;
  }

  /** Every value of the named field (case-insensitive), in order. */
  public List<String> headers(String name) {
    List<String> values = List.of(); // most fields asked for are absent: allocate only for one that is there
    for (ResponseHeaders.Field field : headers) {
      if (field.name().equalsIgnoreCase(name)) {
        if (values.isEmpty()) {
          values = new ArrayList<>(1);
        }
        values.add(field.value());
      }
    }
    return values;
  }

  /** A copy of the captured body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The captured bytes themselves, for the cache to adopt without another copy; never exposed. */
  byte[] bodyArray() {
    return body;
  }

  /** The number of captured body bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** Whether the body grew past the capture limit, so that {@link #body()} holds only its start. */
  public boolean overflowed() {
    return overflowed;
  }

  /** Collects a {@link CapturedResponse}. */
  public static final class Builder {
    private int status = 200;
    private final List<ResponseHeaders.Field> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean overflowed;

    private Builder() {}

    /** The status code. */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** Adds a header field as the application set it. */
    public Builder header(String name, String value) {
      headers.add(new ResponseHeaders.Field(Preconditions.checkNotNull(name), Preconditions.checkNotNull(value)));
      return this;
    }

    /** The captured body bytes, copied from {@code bytes[0, length)}. */
    public Builder body(byte[] bytes, int length) {
      this.body = Arrays.copyOf(bytes, length);
      return this;
    }

    /** The captured body bytes, copied. */
    public Builder body(byte[] bytes) {
      return body(bytes, bytes.length);
    }

    /** Marks the body as having grown past the capture limit. */
    public Builder overflowed() {
      this.overflowed = true;
      return this;
    }

    /** The capture. */
    public CapturedResponse build() {
      return new CapturedResponse(this);
    }
  }
}
