package dev.surge.cache.spring.boot;

import dev.surge.cache.HttpCache;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Start-up failed because {@link HttpCache.Builder} rejected a well-formed value of a {@code surge.cache.*}
 * property (out of range, or in conflict with another property). Names the property, the value as it was
 * written and where, why it was rejected, and what is accepted; the builder's exception is the cause.
 */
public final class InvalidSurgeCachePropertyException extends IllegalArgumentException {

  private static final Pattern OPTION = Pattern.compile("\\b[a-z][A-Za-z]+\\b");

  /** What each builder option set by a property accepts, by option name. */
  private static final Map<String, String> ACCEPTED = Map.ofEntries(
      Map.entry("defaultTtl", "zero or more, and at most surge.cache.maximum-ttl (default 1h)"),
      Map.entry("maximumTtl", "more than zero, and at least surge.cache.default-ttl (default 60s)"),
      Map.entry("maximumBytes", "more than zero, and at least four times surge.cache.maximum-entry-bytes (default 1MB)"),
      Map.entry("maximumEntryBytes",
          "more than zero, at most a quarter of surge.cache.maximum-bytes (default 64MB) and below 2GB; "
              + "or raise surge.cache.maximum-bytes to at least four times it"),
      Map.entry("maximumEntries", "a whole number of at least 1"),
      Map.entry("recycleAfterRequests", "a whole number of at least 1"),
      Map.entry("recycleAfter", "more than zero, e.g. 10m"),
      Map.entry("coalescingTimeout", "zero (no waiting) or more, e.g. 5s"),
      Map.entry("staleWhileRevalidate", "zero (off) or more, e.g. 30s"),
      Map.entry("staleIfError", "zero (off) or more, e.g. 5m"),
      Map.entry("revalidationWindow", "zero (off) or more, e.g. 10m"),
      Map.entry("minimumUses", "a whole number from 1 to 15"),
      Map.entry("cacheableStatuses", "statuses from 200 to 999 but 206 and 304, e.g. 200,404"),
      Map.entry("allowedHosts", "host names without port, e.g. www.example.com"),
      Map.entry("trustedForwardingHeaders", "header names, e.g. X-Forwarded-Host"),
      Map.entry("ignoredRequestHeaders", "header names, e.g. X-Forwarded-Host"),
      Map.entry("ignoredQueryParameters", "non-empty parameter names, * matching any run of characters, e.g. utm_*"),
      Map.entry("privateCookies", "cookie names, e.g. JSESSIONID"),
      Map.entry("maximumKeyLength", "a whole number of at least 64"),
      Map.entry("tagHeader", "a header name, e.g. Surrogate-Key"));

  private final String property;
  private final String value;
  private final String accepted;

  private InvalidSurgeCachePropertyException(
      String property, String value, String origin, String reason, String accepted, IllegalArgumentException cause) {
    super("Invalid value '" + value + "' for " + property + origin + ": " + reason, cause);
    this.property = property;
    this.value = value;
    this.accepted = accepted;
  }

  /**
   * The rejection {@code rejected} of the builder in terms of the {@code surge.cache.*} properties of {@code
   * environment}: present when its message names a builder option that a property set (the first such one).
   */
  static Optional<InvalidSurgeCachePropertyException> of(IllegalArgumentException rejected, Environment environment) {
    String message = String.valueOf(rejected.getMessage());
    Matcher option = OPTION.matcher(message);
    while (option.find()) {
      String accepted = ACCEPTED.get(option.group());
      Optional<ConfigurationProperty> set =
          accepted == null ? Optional.empty() : configured(propertyName(option.group()), environment);
      if (set.isPresent()) {
        String origin = set.get().getOrigin() == null ? "" : " (from " + set.get().getOrigin() + ")";
        return Optional.of(new InvalidSurgeCachePropertyException(propertyName(option.group()),
            String.valueOf(set.get().getValue()), origin, inPropertyTerms(message), accepted, rejected));
      }
    }
    return Optional.empty();
  }

  /** The property, e.g. {@code surge.cache.maximum-entry-bytes}. */
  public String property() {
    return property;
  }

  /** The value as it was written, e.g. {@code 100MB}. */
  public String value() {
    return value;
  }

  /** What the property accepts, e.g. {@code a whole number from 1 to 15}. */
  public String accepted() {
    return accepted;
  }

  private static String propertyName(String option) {
    return SurgeCachePropertyNames.PREFIX + "." + DataObjectPropertyName.toDashedForm(option);
  }

  /** {@code message} with every builder option it names replaced by its property. */
  private static String inPropertyTerms(String message) {
    return OPTION.matcher(message).replaceAll(
        word -> Matcher.quoteReplacement(ACCEPTED.containsKey(word.group()) ? propertyName(word.group()) : word.group()));
  }

  private static Optional<ConfigurationProperty> configured(String name, Environment environment) {
    ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      ConfigurationProperty property = source.getConfigurationProperty(key);
      if (property != null) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }
}
