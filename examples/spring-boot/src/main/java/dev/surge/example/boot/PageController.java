package dev.surge.example.boot;

import dev.surge.cache.spring.CacheResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One cached page. Its body counts the renders, so a repeat request that shows the same number was answered
 * by Surge without running this method.
 */
@RestController
public class PageController {

  private final AtomicInteger renders = new AtomicInteger();

  /** Kept for 30 seconds: only marked handlers are cached. */
  @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
  @CacheResponse(ttl = "30s")
  public String hello() {
    return "Hello from Spring Boot, render #" + renders.incrementAndGet() + "\n";
  }
}
