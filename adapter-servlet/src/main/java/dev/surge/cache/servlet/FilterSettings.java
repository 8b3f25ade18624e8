package dev.surge.cache.servlet;

import com.google.common.base.Splitter;
import dev.surge.cache.ByteSize;
import dev.surge.cache.Compression;
import dev.surge.cache.HttpCache;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link HttpCacheFilter}'s {@code init-param}s into an {@link HttpCache.Builder}. Each parameter is
 * named like the builder method it sets:
 *
 * <ul>
 *   <li>durations {@code defaultTtl}, {@code maximumTtl}, {@code recycleAfter}, {@code coalescingTimeout},
 *       {@code staleWhileRevalidate}, {@code staleIfError}, {@code revalidationWindow}:
 *       {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or ISO-8601 such as {@code PT30S};
 *   <li>byte sizes {@code maximumBytes}, {@code maximumEntryBytes}: {@code 512}, {@code 64KB}, {@code 16MB};
 *   <li>numbers {@code maximumEntries}, {@code recycleAfterRequests}, {@code maximumKeyLength};
 *   <li>comma-separated lists {@code cacheableStatuses}, {@code allowedHosts},
 *       {@code trustedForwardingHeaders}, {@code ignoredRequestHeaders}, {@code ignoredQueryParameters},
 *       {@code privateCookies};
 *   <li>{@code true}/{@code false}: {@code sortQueryParameters}, {@code generateEtags},
 *       {@code cacheStatusHeader}, {@code leakGuard}; and the header name {@code tagHeader};
 *   <li>compressed variants (see {@link Compression}): {@code compression} ({@code true}, the default, or
 *       {@code false}), {@code compressionCodings} (e.g. {@code zstd, gzip}, most preferred first),
 *       {@code compressionMinimumSize} (a byte size) and {@code compressionMediaTypes} (a list replacing the
 *       default types).
 * </ul>
 *
 * An unknown parameter name or a value that does not parse fails with {@link IllegalArgumentException}
 * naming the parameter.
 */
public final class FilterSettings {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
  private static final Splitter COMMAS = Splitter.on(',').trimResults().omitEmptyStrings();

  private static final Map<String, BiConsumer<HttpCache.Builder, String>> PARAMETERS = Map.ofEntries(
      Map.entry("defaultTtl", (builder, value) -> builder.defaultTtl(duration(value))),
      Map.entry("maximumTtl", (builder, value) -> builder.maximumTtl(duration(value))),
      Map.entry("recycleAfter", (builder, value) -> builder.recycleAfter(duration(value))),
      Map.entry("coalescingTimeout", (builder, value) -> builder.coalescingTimeout(duration(value))),
      Map.entry("staleWhileRevalidate", (builder, value) -> builder.staleWhileRevalidate(duration(value))),
      Map.entry("staleIfError", (builder, value) -> builder.staleIfError(duration(value))),
      Map.entry("revalidationWindow", (builder, value) -> builder.revalidationWindow(duration(value))),
      Map.entry("maximumBytes", (builder, value) -> builder.maximumBytes(ByteSize.parse(value))),
      Map.entry("maximumEntryBytes", (builder, value) -> builder.maximumEntryBytes(ByteSize.parse(value))),
      Map.entry("maximumEntries", (builder, value) -> builder.maximumEntries(number(value))),
      Map.entry("recycleAfterRequests", (builder, value) -> builder.recycleAfterRequests(number(value))),
      Map.entry("maximumKeyLength", (builder, value) -> builder.maximumKeyLength(Math.toIntExact(number(value)))),
      Map.entry("minimumUses", (builder, value) -> builder.minimumUses(Math.toIntExact(number(value)))),
      Map.entry("cacheableStatuses", (builder, value) -> builder.cacheableStatuses(statuses(value))),
      Map.entry("allowedHosts", (builder, value) -> builder.allowedHosts(list(value))),
      Map.entry("trustedForwardingHeaders", (builder, value) -> builder.trustedForwardingHeaders(list(value))),
      Map.entry("ignoredRequestHeaders", (builder, value) -> builder.ignoredRequestHeaders(list(value))),
      Map.entry("ignoredQueryParameters", (builder, value) -> builder.ignoredQueryParameters(list(value))),
      Map.entry("privateCookies", (builder, value) -> builder.privateCookies(list(value))),
      Map.entry("sortQueryParameters", (builder, value) -> builder.sortQueryParameters(bool(value))),
      Map.entry("generateEtags", (builder, value) -> builder.generateEtags(bool(value))),
      Map.entry("cacheStatusHeader", (builder, value) -> builder.cacheStatusHeader(bool(value))),
      Map.entry("leakGuard", (builder, value) -> builder.leakGuard(bool(value))),
      Map.entry("tagHeader", HttpCache.Builder::tagHeader));

  private static final Map<String, BiConsumer<Compression.Builder, String>> COMPRESSION_PARAMETERS = Map.of(
      "compression", (builder, value) -> builder.enabled(bool(value)),
      "compressionCodings", (builder, value) -> builder.codings(COMMAS.splitToList(value).toArray(String[]::new)),
      "compressionMinimumSize", (builder, value) -> builder.minimumSize(ByteSize.parse(value)),
      "compressionMediaTypes", (builder, value) -> builder.mediaTypes(COMMAS.splitToList(value).toArray(String[]::new)));

  private FilterSettings() {}

  /**
   * A builder set from the named parameters.
   *
   * @param values the value of a parameter by name
   * @param names the names of the parameters given
   * @throws IllegalArgumentException naming the first unknown or malformed parameter
   */
  public static HttpCache.Builder from(Function<String, String> values, Enumeration<String> names) {
    HttpCache.Builder builder = HttpCache.builder();
    Compression.Builder compression = null;
    for (String name : Collections.list(names)) {
      BiConsumer<HttpCache.Builder, String> setter = PARAMETERS.get(name);
      BiConsumer<Compression.Builder, String> compressionSetter = COMPRESSION_PARAMETERS.get(name);
      if (setter == null && compressionSetter == null) {
        Set<String> known = new TreeSet<>(PARAMETERS.keySet());
        known.addAll(COMPRESSION_PARAMETERS.keySet());
        throw new IllegalArgumentException("unknown init-param '" + name + "'; known: " + String.join(", ", known));
      }
      String value = values.apply(name).trim();
      try {
        if (setter != null) {
          setter.accept(builder, value);
        } else {
          compression = compression == null ? Compression.builder() : compression;
          compressionSetter.accept(compression, value);
        }
      } catch (IllegalArgumentException | ArithmeticException bad) {
        throw new IllegalArgumentException("init-param '" + name + "' = '" + value + "': " + bad.getMessage(), bad);
      }
    }
    return compression == null ? builder : builder.compression(compression.build());
  }

  static Duration duration(String text) {
    Matcher matcher = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notIso) {
      throw new IllegalArgumentException("not a duration (expected e.g. 250ms, 30s, 5m, 1h or PT30S)", notIso);
    }
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notNumber) {
      throw new IllegalArgumentException("not a whole number", notNumber);
    }
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static Set<String> list(String text) {
    return new LinkedHashSet<>(COMMAS.splitToList(text));
  }

  private static Set<Integer> statuses(String text) {
    Set<Integer> statuses = new LinkedHashSet<>();
    List<String> items = COMMAS.splitToList(text);
    for (String item : items) {
      statuses.add(Math.toIntExact(number(item)));
    }
    return statuses;
  }
}
