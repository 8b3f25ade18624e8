package dev.surge.cache.spring.boot.apikey;

import dev.surge.cache.spring.CacheResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A page for API clients only, cached and public: the same for every client the filter lets through. */
@RestController
public class ConfidentialPages {

  private final AtomicInteger renders = new AtomicInteger();

  @GetMapping("/confidential/report")
  @CacheResponse
  ResponseEntity<String> report() {
    return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
        .body("confidential report, render " + renders.incrementAndGet());
  }
}
