package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders;
import java.util.List;

/**
 * What the contract application answers; each adapter's test writes it with its framework's API.
 *
 * @param status the status code
 * @param headers the header fields in order
 * @param body the body bytes
 */
public record ContractResponse(int status, List<ResponseHeaders.Field> headers, byte[] body) {}
