package dev.surge.cache.spring;

import dev.surge.cache.StoreRules;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.http.HttpEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * What one handler method's {@link CacheResponse} (or its absence) means for its responses, worked out once
 * per method: whether they may be stored, the base {@link StoreRules}, the {@code Vary} names its own
 * annotation and its way of writing the body call for, and the tag templates to fill in per request with the
 * path variables as the handler receives them.
 */
final class HandlerCacheRules {

  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^{}]+)}");
  private static final List<Class<?>> ASYNC_TYPES = List.of(
      DeferredResult.class,
      Callable.class,
      WebAsyncTask.class,
      CompletionStage.class,
      StreamingResponseBody.class,
      ResponseBodyEmitter.class);

  private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();
  private static final TypeDescriptor TEXT = TypeDescriptor.valueOf(String.class);

  private final StoreRules base;
  private final List<String> vary;
  private final List<String> tagTemplates;
  /** The parameter type of each path variable the handler does not receive as text. */
  private final Map<String, TypeDescriptor> variableTypes;

  private HandlerCacheRules(
      StoreRules base, List<String> vary, List<String> tagTemplates, Map<String, TypeDescriptor> variableTypes) {
    this.base = base;
    this.vary = vary;
    this.tagTemplates = tagTemplates;
    this.variableTypes = variableTypes;
  }

  /**
   * The rules for {@code handler}: from its method's or class's {@link CacheResponse}; without one, the
   * cache's own policy when {@code cacheUnannotated}, else never stored; never stored when it is asynchronous.
   * Placeholders in {@code ttl} are resolved by {@code placeholders}.
   *
   * @throws IllegalArgumentException naming the method, when the annotation holds a bad value
   */
  static HandlerCacheRules of(HandlerMethod handler, boolean cacheUnannotated, UnaryOperator<String> placeholders) {
    Method method = handler.getMethod();
    if (isAsynchronous(handler)) {
      return new HandlerCacheRules(StoreRules.never(), List.of(), List.of(), Map.of());
    }
    CacheResponse mark = Optional.ofNullable(AnnotatedElementUtils.findMergedAnnotation(method, CacheResponse.class))
        .orElseGet(() -> AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), CacheResponse.class));
    if (mark == null) {
      return cacheUnannotated
          ? new HandlerCacheRules(StoreRules.defaults(), List.copyOf(negotiatedVary(handler)), List.of(), Map.of())
          : new HandlerCacheRules(StoreRules.never(), List.of(), List.of(), Map.of());
    }
    try {
      Set<String> vary = new LinkedHashSet<>(List.of(mark.vary()));
      vary.addAll(negotiatedVary(handler));
      return new HandlerCacheRules(
          rules(mark, placeholders), List.copyOf(vary), List.of(mark.tags()), pathVariableTypes(handler));
    } catch (IllegalArgumentException | IllegalStateException bad) {
      throw new IllegalArgumentException("@CacheResponse on " + method.toGenericString() + ": " + bad.getMessage(), bad);
    }
  }

  private static StoreRules rules(CacheResponse mark, UnaryOperator<String> placeholders) {
    StoreRules rules = StoreRules.defaults();
    String ttl = placeholders.apply(mark.ttl()).trim();
    if (!ttl.isEmpty()) {
      rules = rules.withTtl(duration(ttl));
    }
    if (mark.cacheableStatuses().length > 0) {
      rules = rules.withCacheableStatuses(Set.copyOf(Arrays.stream(mark.cacheableStatuses()).boxed().toList()));
    }
    for (String vary : mark.vary()) {
      if (vary.isBlank() || vary.contains(",") || vary.contains("*")) {
        throw new IllegalArgumentException("vary: '" + vary + "' is not one header name");
      }
    }
    return rules;
  }

  /**
   * The request headers that choose how the handler's own response is written: {@code Accept} when its return
   * value is written by a message converter that content negotiation picks ({@code @ResponseBody}, {@code
   * HttpEntity}). The headers by which Spring picks the handler itself come from the request mappings.
   */
  private static Set<String> negotiatedVary(HandlerMethod handler) {
    Class<?> returned = handler.getReturnType().getParameterType();
    boolean writtenByConverter = returned != void.class
        && (HttpEntity.class.isAssignableFrom(returned)
            || handler.hasMethodAnnotation(ResponseBody.class)
            || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class));
    return writtenByConverter ? Set.of("Accept") : Set.of();
  }

  /** The type of each {@code @PathVariable} parameter of {@code handler} that is not text, by variable name. */
  private static Map<String, TypeDescriptor> pathVariableTypes(HandlerMethod handler) {
    Map<String, TypeDescriptor> types = new HashMap<>();
    String[] parameterNames = PARAMETER_NAMES.getParameterNames(handler.getMethod());
    for (MethodParameter parameter : handler.getMethodParameters()) {
      PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
      TypeDescriptor type = new TypeDescriptor(parameter.nestedIfOptional());
      if (variable == null || type.getType() == String.class || type.isMap()) {
        continue;
      }
      String name = !variable.name().isEmpty() ? variable.name()
          : parameterNames != null ? parameterNames[parameter.getParameterIndex()] : null;
      if (name != null) {
        types.put(name, type);
      }
    }
    return Map.copyOf(types);
  }

  private static Duration duration(String text) {
    try {
      return DurationFormatterUtils.detectAndParse(text);
    } catch (RuntimeException unreadable) {
      throw new IllegalArgumentException("ttl: '" + text + "' is not a duration such as 30s, 5m or PT1H", unreadable);
    }
  }

  /** Whether the handler's declared return type completes after the handler returns. */
  private static boolean isAsynchronous(HandlerMethod handler) {
    ResolvableType returned = ResolvableType.forMethodParameter(handler.getReturnType());
    if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
      returned = returned.as(HttpEntity.class).getGeneric(0);
    }
    Class<?> type = returned.toClass();
    return ASYNC_TYPES.stream().anyMatch(async -> async.isAssignableFrom(type))
        || ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null;
  }

  /** Whether responses of this handler may be stored at all. */
  boolean storable() {
    return base.storable();
  }

  /** Header names to add to the response's {@code Vary}. */
  List<String> vary() {
    return vary;
  }

  /**
   * The rules for one request, tag templates filled in from {@code uriVariables}: a variable the handler
   * receives as another type than text is converted to it by {@code conversion} and back to text, as Spring
   * MVC binds it ({@code /issues/042} to {@code int} 42 fills {@code issue:{number}} with {@code issue:42}).
   * Never stored when a tag does not resolve to a valid tag.
   */
  StoreRules forRequest(Map<String, String> uriVariables, ConversionService conversion) {
    if (tagTemplates.isEmpty() || !base.storable()) {
      return base;
    }
    Set<String> tags = new LinkedHashSet<>();
    for (String template : tagTemplates) {
      Optional<String> tag = fill(template, uriVariables, conversion);
      if (tag.isEmpty()) {
        return StoreRules.never();
      }
      tags.add(tag.get());
    }
    try {
      return base.withTags(tags);
    } catch (IllegalArgumentException invalidTag) {
      return StoreRules.never();
    }
  }

  private Optional<String> fill(String template, Map<String, String> uriVariables, ConversionService conversion) {
    Matcher variable = TEMPLATE_VARIABLE.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (variable.find()) {
      Optional<String> value = value(variable.group(1), uriVariables, conversion);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      variable.appendReplacement(filled, Matcher.quoteReplacement(value.get()));
    }
    variable.appendTail(filled);
    return Optional.of(filled.toString());
  }

  /** The variable {@code name} as the handler receives it, as text; empty when it is missing or unconvertible. */
  private Optional<String> value(String name, Map<String, String> uriVariables, ConversionService conversion) {
    String raw = uriVariables.get(name);
    TypeDescriptor type = variableTypes.get(name);
    if (raw == null || type == null) {
      return Optional.ofNullable(raw);
    }
    try {
      Object converted = conversion.convert(raw, TEXT, type);
      return Optional.ofNullable(converted == null ? null : (String) conversion.convert(converted, type, TEXT));
    } catch (ConversionException unconvertible) {
      return Optional.empty();
    }
  }
}
