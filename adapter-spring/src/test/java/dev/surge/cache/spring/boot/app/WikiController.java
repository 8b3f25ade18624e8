package dev.surge.cache.spring.boot.app;

import dev.surge.cache.spring.CacheResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** JSON, a server-rendered view and asynchronous handlers, each counting its renders. */
@Controller
public class WikiController {

  private final Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();

  /** How often the handler for {@code name} ran. */
  public int renders(String name) {
    AtomicInteger count = renders.get(name);
    return count == null ? 0 : count.get();
  }

  private int rendered(String name) {
    return renders.computeIfAbsent(name, ignored -> new AtomicInteger()).incrementAndGet();
  }

  /** A cached JSON document, tagged with its id. */
  @GetMapping("/api/articles/{id}")
  @ResponseBody
  @CacheResponse(ttl = "5m", tags = "article:{id}")
  public Map<String, Object> article(@PathVariable String id) {
    return Map.of("id", id, "render", rendered("article " + id));
  }

  /** The same kind of document without the annotation: never cached. */
  @GetMapping("/api/drafts/{id}")
  @ResponseBody
  public Map<String, Object> draft(@PathVariable String id) {
    return Map.of("id", id, "render", rendered("draft"));
  }

  /** A cached page rendered by Thymeleaf. */
  @GetMapping("/wiki/{page}")
  @CacheResponse(ttl = "${wiki.page-ttl:60s}", vary = "Accept-Language")
  public String page(@PathVariable String page, Model model) {
    model.addAttribute("title", page);
    model.addAttribute("render", rendered("page"));
    return "page";
  }

  /** Annotated, but asynchronous: passes through uncached. */
  @GetMapping("/async/deferred")
  @ResponseBody
  @CacheResponse
  public DeferredResult<String> deferred() {
    DeferredResult<String> result = new DeferredResult<>();
    result.setResult("deferred " + rendered("deferred"));
    return result;
  }

  /** Annotated, but completed later: passes through uncached. */
  @GetMapping("/async/future")
  @ResponseBody
  @CacheResponse
  public CompletionStage<String> future() {
    return CompletableFuture.completedFuture("future " + rendered("future"));
  }

  /** Annotated, but streamed asynchronously from inside a {@code ResponseEntity}: passes through uncached. */
  @GetMapping("/async/stream")
  @CacheResponse
  public ResponseEntity<StreamingResponseBody> stream() {
    int render = rendered("stream");
    return ResponseEntity.ok(output -> output.write(("stream " + render).getBytes(StandardCharsets.UTF_8)));
  }
}
