package dev.surge.cache.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the cache rejected the value of a {@code surge.cache.*} property:
 * the description names the property, the value given, where it was set and why it was rejected; the action
 * says what the property accepts.
 */
final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSurgeCachePropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSurgeCachePropertyException cause) {
    return new FailureAnalysis(cause.getMessage(), "Set " + cause.property() + " to " + cause.accepted() + ".", cause);
  }
}
