package dev.surge.bench;

import dev.surge.cache.CacheRequest;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.internal.ContentHash;
import dev.surge.cache.internal.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Numbered pages of a news site as an application answers them, for filling a store: page {@code n} is a GET of
 * {@code http://news.example.com/articles/2026/topic-00000n?lang=en} from a browser, answered with an HTML body
 * of exactly the given length (markup around words drawn from a seed of {@code n}, so pages differ) and the
 * fields such a page carries: {@code Content-Type}, {@code Content-Length}, {@code Cache-Control}, {@code
 * Date}, {@code ETag}, {@code Last-Modified} and {@code Vary: Accept-Encoding}. The same {@code n} gives the same
 * page in every run. Every string of a request is one of its own, as a server parses each request.
 */
final class SmallPages {

  private static final String[] WORDS = ("news report city council market weather season station museum garden"
      + " bridge harbour festival railway airport library theatre stadium concert album morning evening").split(" ");
  private static final Map<String, List<String>> BROWSER_FIELDS = Map.of(
      "host", List.of("news.example.com"),
      "user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"),
      "accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
      "accept-language", List.of("en-US,en;q=0.5"),
      "accept-encoding", List.of("gzip, deflate, br, zstd"));

  private final int bodyBytes;
  private final Instant now;

  /** Pages of {@code bodyBytes} bytes each, dated {@code now}. */
  SmallPages(int bodyBytes, Instant now) {
    this.bodyBytes = bodyBytes;
    this.now = now;
  }

  /** The browser's request for page {@code n}. */
  CacheRequest request(int n) {
    return new Get(String.format(Locale.ROOT, "/articles/2026/topic-%06d", n));
  }

  /** The application's answer for page {@code n}, as an adapter captures it. */
  CapturedResponse response(int n) {
    byte[] body = body(n);
    return CapturedResponse.builder()
        .status(200)
        .header("Content-Type", "text/html;charset=utf-8")
        .header("Content-Length", Integer.toString(body.length))
        .header("Cache-Control", "public, max-age=3600")
        .header("Date", HttpDates.format(now))
        .header("ETag", "\"" + ContentHash.of(body) + "\"")
        .header("Last-Modified", HttpDates.format(now.minus(Duration.ofDays(n % 365 + 1))))
        .header("Vary", "Accept-Encoding")
        .body(body)
        .build();
  }

  /** The body of page {@code n}: exactly {@code bodyBytes} bytes of HTML. */
  byte[] body(int n) {
    SplittableRandom random = new SplittableRandom(n);
    StringBuilder html = new StringBuilder(bodyBytes + 64)
        .append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Topic ").append(n)
        .append(" | The Daily Surge</title></head>\n<body><article><h1>Topic ").append(n).append("</h1>\n<p>");
    while (html.length() < bodyBytes) {
      html.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".</p>\n<p>" : " ");
    }
    html.setLength(bodyBytes);
    return html.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A browser's GET of one path, with the query {@code lang=en}. */
  private record Get(String path) implements CacheRequest {

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String scheme() {
      return "http";
    }

    @Override
    public String authority() {
      return new String("news.example.com");
    }

    @Override
    public Optional<String> query() {
      return Optional.of(new String("lang=en"));
    }

    /** Each value a string of its own, as a server parses it from each request. */
    @Override
    public List<String> headers(String name) {
      return BROWSER_FIELDS.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
          .map(String::new)
          .toList();
    }

    @Override
    public Iterable<String> headerNames() {
      return BROWSER_FIELDS.keySet();
    }
  }
}
