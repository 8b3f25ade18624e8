package dev.surge.cache.spring.boot.app;

import dev.surge.cache.spring.CacheResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Handlers that trip a cache placed in front of Spring MVC: each counts its renders. */
final class TrickyControllers {

  private TrickyControllers() {}

  /** Throws on its first call; an {@code @ExceptionHandler} answers 200 with a fallback page. */
  @RestController
  static class Flaky {
    final AtomicInteger calls = new AtomicInteger();

    @GetMapping("/flaky")
    @CacheResponse(ttl = "5m")
    String flaky() {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("database down");
      }
      return "real content";
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<String> fallback(IllegalStateException down) {
      return ResponseEntity.ok("sorry, try later");
    }
  }

  /** One URL, two handlers told apart by {@code produces}; only the JSON one is cached. */
  @RestController
  static class Negotiated {
    @GetMapping(value = "/me", produces = "application/json")
    @CacheResponse
    String json() {
      return "{\"public\":true}";
    }

    @GetMapping(value = "/me", produces = "text/html")
    String html() {
      return "<p>html, never cached</p>";
    }
  }

  /** A handler method shared by two controllers through inheritance. */
  abstract static class Pages {
    final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/page")
    public String page() {
      return getClass().getSimpleName() + " render " + renders.incrementAndGet();
    }
  }

  /** Public pages: cached. */
  @RestController
  @RequestMapping("/public")
  @CacheResponse
  static class PublicPages extends Pages {}

  /** Per-user pages: not annotated, never cached, although they share the method with the public ones. */
  @RestController
  @RequestMapping("/account")
  static class AccountPages extends Pages {}
}
