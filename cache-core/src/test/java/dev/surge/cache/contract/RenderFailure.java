package dev.surge.cache.contract;

/**
 * The failure the contract application's fault routes throw out of a render, before writing anything or
 * (through {@link ContractResponse#failsAfterBody()}) after writing part of the body. Each adapter's test
 * lets it propagate the way its framework propagates an application's exception.
 */
public final class RenderFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure saying what broke. */
  public RenderFailure(String message) {
    super(message, null, false, false); // no stack trace: the containers log it, and it is expected
  }
}
