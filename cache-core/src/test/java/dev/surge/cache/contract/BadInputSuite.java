package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.contract.BadInputRoutes.MalformedResponse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Malformed caching headers end to end, on every adapter: an application answering with them never makes
 * the cache fail a request or store what must not be stored, and a stored one is served as rendered; clients
 * sending malformed conditional and caching request headers to a cached page always get a correct 200 or a
 * valid 304 of that page, never an error and never another page's body. The core's generated-input tests
 * cover the same decisions case by case; this group proves that each adapter hands the headers over intact
 * (duplicate fields, odd case, empty items, long values) and copes with what the cache answers.
 */
public interface BadInputSuite extends ContractSuite {

  @Test
  default void malformedResponseHeadersThatForbidStoringAreNeverStored() throws Exception {
    serve();
    long renders = 0;
    for (MalformedResponse malformed : BadInputRoutes.RESPONSES) {
      if (malformed.storable()) {
        continue;
      }
      HttpResponse<byte[]> first = get(malformed.path());
      long refused = ++renders;
      // the adapter reports a response after the client may hold it: wait until the first was refused
      AdapterContract.eventually(() -> assertThat(cache().stats().totalRejections()).isEqualTo(refused));
      HttpResponse<byte[]> second = get(malformed.path());
      renders++;

      assertThat(first.statusCode()).as(malformed.name()).isEqualTo(200);
      assertThat(second.statusCode()).as(malformed.name()).isEqualTo(200);
      assertThat(body(second)).as(malformed.name()).isEqualTo("page " + malformed.path() + " render 2");
    }
    long all = renders;
    AdapterContract.eventually(() -> assertThat(cache().stats().totalRejections()).isEqualTo(all));
    assertThat(cache().stats().stores()).isZero();
  }

  @Test
  default void malformedButStorableResponsesAreServedAsRendered() throws Exception {
    serve();
    long stored = 0;
    for (MalformedResponse malformed : BadInputRoutes.RESPONSES) {
      if (!malformed.storable()) {
        continue;
      }
      HttpResponse<byte[]> first = get(malformed.path());
      awaitStores(++stored);
      HttpResponse<byte[]> second = get(malformed.path());

      assertThat(first.statusCode()).as(malformed.name()).isEqualTo(200);
      assertThat(body(first)).as(malformed.name()).isEqualTo("page " + malformed.path() + " render 1");
      assertThat(second.statusCode()).as(malformed.name()).isEqualTo(200);
      assertThat(second.body()).as(malformed.name()).isEqualTo(first.body());
      assertThat(second.headers().firstValue("Content-Type")).as(malformed.name())
          .isEqualTo(first.headers().firstValue("Content-Type"));
    }
  }

  @Test
  default void overflowingMaxAgeIsCappedByTheMaximumTtl() throws Exception {
    serve(options -> options.maximumTtl(Duration.ofMinutes(2))); // well within the store's recycling age
    String path = path("max-age-overflow");
    get(path);
    awaitStores(1);
    clock().advance(Duration.ofMinutes(2));

    assertThat(body(get(path))).isEqualTo("page " + path + " render 2");
  }

  @Test
  default void varyWithEmptyItemsStillKeepsTheVariantsApart() throws Exception {
    serve();
    HttpResponse<byte[]> english = get(BadInputRoutes.VARY_WITH_EMPTY_ITEMS, "Accept-Language", "en");
    awaitStores(1);
    HttpResponse<byte[]> englishAgain = get(BadInputRoutes.VARY_WITH_EMPTY_ITEMS, "Accept-Language", "en");
    HttpResponse<byte[]> french = get(BadInputRoutes.VARY_WITH_EMPTY_ITEMS, "Accept-Language", "fr");

    assertThat(List.of(english.statusCode(), englishAgain.statusCode(), french.statusCode())).containsOnly(200);
    assertThat(body(english)).isEqualTo("page " + BadInputRoutes.VARY_WITH_EMPTY_ITEMS + " render 1");
    assertThat(englishAgain.body()).isEqualTo(english.body());
    assertThat(body(french)).isEqualTo("page " + BadInputRoutes.VARY_WITH_EMPTY_ITEMS + " render 2");
  }

  @Test
  default void storedEntryWithAMalformedEtagNeverAnswersA304ByThatTag() throws Exception {
    serve();
    String path = path("etag-unterminated");
    get(path);
    awaitStores(1);

    for (String condition : List.of("\"b1\"", "\"b1", "*")) {
      HttpResponse<byte[]> conditional = get(path, "If-None-Match", condition);
      if (condition.equals("*")) {
        // RFC 9110 §13.1.2: "*" matches any current representation; the 304 repeats the ETag as stored.
        assertThat(conditional.statusCode()).as(condition).isEqualTo(304);
        assertThat(conditional.headers().firstValue("ETag")).as(condition).hasValue("\"b1");
        assertThat(conditional.headers().firstValue("Content-Length").orElse("0")).as(condition).isEqualTo("0");
      } else {
        assertThat(conditional.statusCode()).as(condition).isEqualTo(200);
        assertThat(body(conditional)).as(condition).isEqualTo("page " + path + " render 1");
      }
    }
  }

  @Test
  default void malformedConditionalAndCachingRequestHeadersGetA200OrAValid304OfTheCachedPage()
      throws Exception {
    serve();
    get(BadInputRoutes.VALIDATED);
    awaitStores(1);
    String lastModified = BadInputRoutes.LAST_MODIFIED;
    List<BadInputRequest> requests = List.of(
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "\"b1"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "b1"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "w/\"b1\""),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "\"b1\", *"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "\"b1\" \"b2\""),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, "If-None-Match", "  *  "),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, "If-None-Match", "\"x\"", "If-None-Match", "W/\"b1\""),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, "If-None-Match", manyTags(200) + ", \"b1\""),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", manyTags(200)),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "\"x\"", "If-Modified-Since", lastModified),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match", "\"b1", "If-Modified-Since", lastModified),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, "If-Modified-Since", lastModified),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since", lastModified.toLowerCase()),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since", lastModified, "If-Modified-Since", lastModified),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since", "0"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since", "-1"),
        new BadInputRequest(BadInputAnswer.CACHED, "Cache-Control", "max-age=99999999999999999999"),
        new BadInputRequest(BadInputAnswer.CACHED, "Cache-Control", "max-age=-1, min-fresh=1e3, max-stale=0x10"),
        new BadInputRequest(BadInputAnswer.CACHED, "Cache-Control", "no-cache", "Cache-Control", "no-cache"),
        new BadInputRequest(BadInputAnswer.CACHED, "Cache-Control", "x-" + "a".repeat(3000)),
        new BadInputRequest(BadInputAnswer.CACHED, "Pragma", "no-cache"),
        new BadInputRequest(BadInputAnswer.CACHED, "Pragma", "garbage=\""),
        new BadInputRequest(BadInputAnswer.RENDERED, "Cache-Control", "NO-STORE"),
        new BadInputRequest(BadInputAnswer.RENDERED, "Cache-Control", "max-age=0", "cache-control", "No-Store=x"),
        new BadInputRequest(BadInputAnswer.RENDERED, "Cache-Control", "x=\"unterminated, no-store"));

    int renders = 1;
    for (BadInputRequest request : requests) {
      HttpResponse<byte[]> response = get(BadInputRoutes.VALIDATED, request.headers());
      renders += request.answer() == BadInputAnswer.RENDERED ? 1 : 0;
      // (the JDK client reads no body after a 304; the raw test below checks that none is sent)
      request.answer().check(request.toString(), response.statusCode(), response.headers()::firstValue,
          body(response), 0, renders);
    }
    assertThat(body(get(BadInputRoutes.VALIDATED))).isEqualTo("page /bad/validated render 1");
  }

  @Test
  default void malformedRequestHeadersTheJdkClientRefusesGetA200OrAValid304OfTheCachedPage()
      throws Exception {
    serve();
    get(BadInputRoutes.VALIDATED);
    awaitStores(1);
    List<String> repeatedTags = IntStream.range(0, 60).mapToObj(i -> "If-None-Match: \"x" + i + "\"").toList();
    List<String> repeatedThenMatching = new ArrayList<>(repeatedTags);
    repeatedThenMatching.add("if-none-match: \"b1\"");
    List<BadInputRequest> requests = List.of(
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match:"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-Modified-Since:"),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match: \"b1\u00e9\""),
        new BadInputRequest(BadInputAnswer.CACHED, "If-None-Match:\t\"b1\t"),
        new BadInputRequest(BadInputAnswer.CACHED, repeatedTags.toArray(String[]::new)),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, repeatedThenMatching.toArray(String[]::new)),
        new BadInputRequest(BadInputAnswer.NOT_MODIFIED, "IF-MODIFIED-SINCE: \t" + BadInputRoutes.LAST_MODIFIED + "\t"),
        new BadInputRequest(BadInputAnswer.RENDERED, "cache-control: no-store", "CACHE-CONTROL: max-age=5"),
        new BadInputRequest(BadInputAnswer.CACHED, "Cache-Control:", "Pragma:"));

    int renders = 1;
    for (BadInputRequest request : requests) {
      List<String> lines = new ArrayList<>(List.of(request.headers()));
      lines.add(0, "Host: " + base().getRawAuthority()); // the JDK client's Host, so the key is the same
      // everything the server sends until it closes the connection: a 304 must be followed by nothing
      ByteArrayInputStream wire = new ByteArrayInputStream(
          raw().exchangeUntilClosed(RawHttp.get(BadInputRoutes.VALIDATED, lines.toArray(String[]::new))));
      RawHttp.Response response = RawHttp.Response.read(wire, false);
      renders += request.answer() == BadInputAnswer.RENDERED ? 1 : 0;
      request.answer().check(request.toString(), response.status(), response::header, response.text(),
          wire.available(), renders);
    }
    assertThat(body(get(BadInputRoutes.VALIDATED))).isEqualTo("page /bad/validated render 1");
  }

  /** What a request for {@link BadInputRoutes#VALIDATED} must get. */
  enum BadInputAnswer {
    /** The stored page as a 200, with its ETag and an Age (RFC 9111 §4: a response served from a cache has one). */
    CACHED,
    /** A 304 with the page's ETag, no body and no length of one (RFC 9110 §15.4.5): the request validly asked. */
    NOT_MODIFIED,
    /** A fresh render as a 200, without an Age: the request bypassed the cache. */
    RENDERED;

    /**
     * Checks an answer: its status, fields (by name), body, and the bytes the server sent after the end of the
     * response as its framing has it ({@code trailing}; zero where the client cannot tell).
     */
    void check(String request, int status, Function<String, Optional<String>> field, String body, int trailing,
        int renders) {
      switch (this) {
        case CACHED -> {
          assertThat(status).as(request).isEqualTo(200);
          assertThat(body).as(request).isEqualTo("page /bad/validated render 1");
          assertThat(field.apply("ETag")).as(request).hasValue(BadInputRoutes.ETAG);
          assertThat(field.apply("Age")).as(request).isPresent();
        }
        case NOT_MODIFIED -> {
          assertThat(status).as(request).isEqualTo(304);
          assertThat(body).as(request).isEmpty();
          assertThat(trailing).as("bytes after the 304 to %s", request).isZero();
          assertThat(field.apply("ETag")).as(request).hasValue(BadInputRoutes.ETAG);
          assertThat(field.apply("Content-Length").orElse("0")).as(request).isEqualTo("0");
        }
        case RENDERED -> {
          assertThat(status).as(request).isEqualTo(200);
          assertThat(body).as(request).isEqualTo("page /bad/validated render " + renders);
          assertThat(field.apply("Age")).as(request).isEmpty();
        }
      }
    }
  }

  /** A request's malformed header fields (alternating names and values, or whole raw lines) and its answer. */
  record BadInputRequest(BadInputAnswer answer, String... headers) {
    @Override
    public String toString() {
      String shown = String.join(" | ", headers);
      return answer + " for " + (shown.length() > 120 ? shown.substring(0, 120) + "..." : shown);
    }
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String path(String malformedResponseName) {
    return BadInputRoutes.RESPONSES.stream()
        .filter(r -> r.name().equals(malformedResponseName)).findFirst().orElseThrow().path();
  }

  private static String manyTags(int count) {
    return IntStream.range(0, count).mapToObj(i -> "W/\"x" + i + "\"").collect(Collectors.joining(", "));
  }
}
