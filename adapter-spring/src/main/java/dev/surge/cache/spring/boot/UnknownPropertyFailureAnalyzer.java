package dev.surge.cache.spring.boot;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a start-up that failed on {@code surge.cache.*} keys that name no property (Boot finds them, as
 * {@link SurgeCacheProperties} does not ignore unknown fields): each unknown key with where it was set, and the
 * known property it most likely meant ("did you mean surge.cache.default-ttl?") or, when none is close, the
 * list of known ones. Runs before Boot's own analyzer of unbound properties.
 */
final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
    implements Ordered {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
    List<ConfigurationProperty> unknown = cause.getUnboundProperties().stream()
        .filter(property -> property.getName().toString().startsWith(SurgeCachePropertyNames.PREFIX + "."))
        .sorted()
        .toList();
    if (unknown.isEmpty()) {
      return null;
    }
    StringBuilder description = new StringBuilder();
    boolean suggested = false;
    for (ConfigurationProperty property : unknown) {
      String name = property.getName().toString();
      Optional<String> meant = SurgeCachePropertyNames.closest(name);
      suggested |= meant.isPresent();
      description.append(String.format("Unknown property '%s'%s%s%n", name,
          property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")",
          meant.map(known -> "; did you mean " + known + "?").orElse("")));
    }
    String known = String.join(", ", SurgeCachePropertyNames.known());
    String action = suggested
        ? "Correct the name as suggested, or remove the property. Surge's properties are: " + known
        : "Remove the property, or use one of Surge's properties: " + known;
    return new FailureAnalysis(description.toString().strip(), action, cause);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
