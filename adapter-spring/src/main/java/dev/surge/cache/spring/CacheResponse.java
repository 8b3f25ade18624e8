package dev.surge.cache.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method, or every handler method of a controller class, whose responses Surge may keep
 * in memory and serve to later requests without running the handler. Only handlers marked so are cached,
 * unless the application switched on caching of every handler.
 *
 * <p>The mark never overrides a response's refusal: a response that says {@code no-store}, {@code private}
 * or {@code no-cache}, sets a cookie, or answers a request with credentials without {@code public} or
 * {@code s-maxage} is not stored. Handlers returning asynchronous results ({@code DeferredResult},
 * {@code Callable}, {@code WebAsyncTask}, {@code CompletionStage}, {@code StreamingResponseBody}, emitters,
 * reactive types, also inside {@code ResponseEntity}) are never cached. A method's annotation replaces its
 * class's.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheResponse {

  /**
   * How long Surge keeps the response, replacing the lifetime its own headers give (those still reach the
   * client unchanged), e.g. {@code "30s"}, {@code "5m"}, {@code "PT1H"} or a {@code ${property}}; capped
   * by the cache's maximum TTL. Empty (the default): the response's headers decide, else the default TTL.
   */
  String ttl() default "";

  /**
   * Request header names the response varies on; each is added to the response's {@code Vary} field, so
   * clients and downstream caches learn it too and each value gets its own entry.
   */
  String[] vary() default {};

  /**
   * Tags for purging by tag; {@code {name}} is replaced by the URI template variable of that name as the
   * handler receives it, e.g. {@code "article:{id}"}: a variable bound to a {@code @PathVariable} parameter of
   * another type than text is converted to that type and back to text, as Spring MVC binds it ({@code
   * /articles/042} with an {@code int id} gives {@code article:42}); otherwise it is used as requested. A tag
   * that does not resolve to visible ASCII without commas keeps the response from being stored.
   */
  String[] tags() default {};

  /** The statuses that may be stored for this handler; empty (the default): the cache's cacheable statuses. */
  int[] cacheableStatuses() default {};
}
