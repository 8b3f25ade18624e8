package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders;
import java.util.List;

/**
 * What the contract application answers; each adapter's test writes it with its framework's API.
 *
 * @param status the status code
 * @param headers the header fields in order
 * @param body the body bytes
 * @param failsAfterBody whether the render breaks off after {@code body}: the adapter's test sends the status
 *     and headers without a length, writes {@code body}, flushes it to the client, and then throws a
 *     {@link RenderFailure} out of the handler, as an application does that fails half-way through its page
 */
public record ContractResponse(
    int status, List<ResponseHeaders.Field> headers, byte[] body, boolean failsAfterBody) {

  /** A response that renders whole. */
  public ContractResponse(int status, List<ResponseHeaders.Field> headers, byte[] body) {
    this(status, headers, body, false);
  }
}
