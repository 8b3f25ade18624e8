package dev.surge.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.StoreRules;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How a handler method's annotation and return type become storing rules (pure logic, no server). */
class HandlerCacheRulesTest {

  private static final ConversionService CONVERSION = DefaultConversionService.getSharedInstance();

  private static HandlerCacheRules rules(Object controller, String method, boolean cacheUnannotated) throws Exception {
    HandlerMethod handler = new HandlerMethod(controller, controller.getClass().getMethod(method));
    return HandlerCacheRules.of(handler, cacheUnannotated, UnaryOperator.identity());
  }

  private static HandlerCacheRules rules(String method) throws Exception {
    return rules(new Handlers(), method, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deferred", "callable", "webAsyncTask", "completable", "streaming", "emitter", "sse",
      "streamingEntity", "sseEntity", "deferredEntity", "mono", "flux"})
  void annotatedAsynchronousHandlersAreNeverStored(String method) throws Exception {
    assertThat(rules(method).storable()).isFalse();
    assertThat(rules(new Handlers(), method, true).storable()).isFalse();
  }

  @Test
  void annotatedSynchronousHandlerIsStoredUnderItsRules() throws Exception {
    HandlerCacheRules rules = rules("tuned");

    assertThat(rules.storable()).isTrue();
    assertThat(rules.vary()).containsExactly("Accept-Language");
    assertThat(rules.forRequest(Map.of("id", "7"), CONVERSION)).isEqualTo(StoreRules.defaults()
        .withTtl(Duration.ofSeconds(90)).withCacheableStatuses(Set.of(200, 404)).withTags(Set.of("article:7", "news")));
  }

  @Test
  void unannotatedHandlerIsStoredOnlyWhenUnannotatedHandlersAreCached() throws Exception {
    assertThat(rules("plain").forRequest(Map.of(), CONVERSION)).isEqualTo(StoreRules.never());
    assertThat(rules(new Handlers(), "plain", true).forRequest(Map.of(), CONVERSION))
        .isEqualTo(StoreRules.defaults());
  }

  @Test
  void classAnnotationAppliesAndAMethodAnnotationReplacesIt() throws Exception {
    assertThat(rules(new MarkedClass(), "inherits", false).forRequest(Map.of(), CONVERSION))
        .isEqualTo(StoreRules.defaults().withTtl(Duration.ofMinutes(2)));
    assertThat(rules(new MarkedClass(), "overrides", false).forRequest(Map.of(), CONVERSION))
        .isEqualTo(StoreRules.defaults().withTtl(Duration.ofSeconds(5)));
  }

  @Test
  void tagThatDoesNotResolveKeepsTheResponseOutOfTheCache() throws Exception {
    HandlerCacheRules rules = rules("tuned");

    assertThat(rules.forRequest(Map.of(), CONVERSION)).isEqualTo(StoreRules.never());
    assertThat(rules.forRequest(Map.of("id", "has space"), CONVERSION)).isEqualTo(StoreRules.never());
  }

  @Test
  void typedPathVariableFillsItsTagAsTheHandlerReceivesIt() throws Exception {
    HandlerCacheRules rules = HandlerCacheRules.of(
        new HandlerMethod(new Handlers(), Handlers.class.getMethod("issue", int.class)), false, value -> value);

    assertThat(rules.forRequest(Map.of("number", "042"), CONVERSION))
        .isEqualTo(StoreRules.defaults().withTags(Set.of("issue:42")));
    assertThat(rules.forRequest(Map.of("number", "4x2"), CONVERSION)).isEqualTo(StoreRules.never());
  }

  @Test
  void textPathVariableFillsItsTagAsRequested() throws Exception {
    assertThat(rules("tuned").forRequest(Map.of("id", "042"), CONVERSION).tags()).contains("article:042");
  }

  @Test
  void placeholdersInTheTtlAreResolved() throws Exception {
    HandlerMethod handler = new HandlerMethod(new Handlers(), Handlers.class.getMethod("placeholder"));

    assertThat(HandlerCacheRules.of(handler, false, value -> value.replace("${page.ttl}", "45s"))
        .forRequest(Map.of(), CONVERSION)).isEqualTo(StoreRules.defaults().withTtl(Duration.ofSeconds(45)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"badTtl", "badStatus", "badVary"})
  void badAnnotationValueFailsNamingTheMethod(String method) {
    assertThatThrownBy(() -> rules(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@CacheResponse on")
        .hasMessageContaining("Handlers." + method);
  }

  /** Handler methods of every shape the rules distinguish. */
  public static class Handlers {
    @CacheResponse public DeferredResult<String> deferred() { return null; }
    @CacheResponse public Callable<String> callable() { return null; }
    @CacheResponse public WebAsyncTask<String> webAsyncTask() { return null; }
    @CacheResponse public CompletableFuture<String> completable() { return null; }
    @CacheResponse public StreamingResponseBody streaming() { return null; }
    @CacheResponse public ResponseBodyEmitter emitter() { return null; }
    @CacheResponse public SseEmitter sse() { return null; }
    @CacheResponse public ResponseEntity<StreamingResponseBody> streamingEntity() { return null; }
    @CacheResponse public ResponseEntity<SseEmitter> sseEntity() { return null; }
    @CacheResponse public ResponseEntity<DeferredResult<String>> deferredEntity() { return null; }
    @CacheResponse public Mono<String> mono() { return null; }
    @CacheResponse public Flux<String> flux() { return null; }

    @CacheResponse(ttl = "90s", vary = "Accept-Language", tags = {"article:{id}", "news"}, cacheableStatuses = {200, 404})
    public String tuned() { return null; }

    public String plain() { return null; }

    @CacheResponse(tags = "issue:{number}") public String issue(@PathVariable int number) { return null; }

    @CacheResponse(ttl = "${page.ttl}") public String placeholder() { return null; }
    @CacheResponse(ttl = "soon") public String badTtl() { return null; }
    @CacheResponse(cacheableStatuses = 304) public String badStatus() { return null; }
    @CacheResponse(vary = "Accept, Cookie") public String badVary() { return null; }
  }

  /** A controller marked as a whole. */
  @CacheResponse(ttl = "2m")
  public static class MarkedClass {
    public String inherits() { return null; }
    @CacheResponse(ttl = "5s") public String overrides() { return null; }
  }
}
