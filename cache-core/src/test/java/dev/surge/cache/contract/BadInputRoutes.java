package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The routes under {@code /bad/} that {@link BadInputSuite} asks for: pages whose caching headers are
 * malformed in one of a fixed list of ways ({@code /bad/response/NAME}, see {@link #RESPONSES}), and a valid
 * page with validators for malformed conditional requests ({@link #VALIDATED}). Every body names the path and
 * its render count, like the rest of {@link ContractApplication}.
 */
public final class BadInputRoutes {

  /** The prefix of every route here. */
  public static final String PREFIX = "/bad/";
  /** A page fresh for 600 s with {@link #ETAG} and {@link #LAST_MODIFIED}. */
  public static final String VALIDATED = "/bad/validated";
  /** The entity-tag of {@link #VALIDATED}. */
  public static final String ETAG = "\"b1\"";
  /** The {@code Last-Modified} of {@link #VALIDATED}, before the contract clock's start. */
  public static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";

  /**
   * One malformed header set a page answers with.
   *
   * @param name the last segment of its path
   * @param storable whether the cache may store it (documented behaviour: anything that is not clearly fresh
   *     and shareable is not stored)
   * @param headers the fields, in order, beside {@code Content-Type}
   */
  public record MalformedResponse(String name, boolean storable, List<Field> headers) {

    /** The path that answers with these headers. */
    public String path() {
      return PREFIX + "response/" + name;
    }
  }

  /** Every malformed header set, each under its own path. */
  public static final List<MalformedResponse> RESPONSES =
      List.of(
          response("max-age-overflow", true, "Cache-Control", "max-age=99999999999999999999"),
          response("max-age-negative", false, "Cache-Control", "max-age=-1"),
          response("max-age-exponent", false, "Cache-Control", "max-age=1e3"),
          response("max-age-signed", false, "Cache-Control", "MAX-AGE=+5"),
          response("max-age-hex", false, "Cache-Control", "max-age=0x10"),
          response("max-age-conflicting", false, "Cache-Control", "max-age=60", "Cache-Control", "max-age=3600"),
          response("no-store-in-second-field", false, "Cache-Control", "public, max-age=60", "cache-control", "NO-STORE"),
          response("private-after-stray-quote", false, "Cache-Control", "max-age=60, ext=\"a, Private"),
          response("set-cookie-lower-case", false, "Cache-Control", "public, max-age=60", "set-cookie", "a=b"),
          response("vary-star", false, "Cache-Control", "max-age=60", "Vary", "Accept-Encoding, *"),
          response("vary-malformed", false, "Cache-Control", "max-age=60", "Vary", "\"Accept-Language\""),
          response("vary-many-names", true, "Cache-Control", "max-age=60", "Vary", manyNames(300)),
          response("expires-garbage", false, "Expires", "garbage"),
          response("expires-zero", false, "Expires", "0"),
          response("expires-repeated", false,
              "Expires", "Wed, 25 Nov 2026 13:00:00 GMT", "Expires", "Wed, 25 Nov 2026 13:00:00 GMT"),
          // Far ahead of any clock: some servers replace the application's Date with their own (the wall clock).
          response("date-garbage", true, "Date", "yesterday", "Expires", "Thu, 01 Jan 2099 00:00:00 GMT"),
          response("age-overflow", false, "Cache-Control", "max-age=60", "Age", "99999999999999999999"),
          response("age-list", false, "Cache-Control", "max-age=60", "Age", "100, 5"),
          response("age-negative", true, "Cache-Control", "max-age=60", "Age", "-5"),
          response("cache-control-huge", true, "Cache-Control", "max-age=60, x-ext=" + "a".repeat(3000)),
          response("cache-control-empty-items", true, "Cache-Control", ",, ,max-age=60,,"),
          response("etag-unterminated", true, "Cache-Control", "max-age=60", "ETag", "\"b1"));

  /** A page varying on {@code Accept-Language} through a {@code Vary} with empty items. */
  public static final String VARY_WITH_EMPTY_ITEMS = PREFIX + "vary-empty-items";

  private BadInputRoutes() {}

  /** The response to a GET or HEAD of {@code path}, which starts with {@link #PREFIX}. */
  static ContractResponse respond(String path, int render) {
    List<Field> headers = new ArrayList<>();
    if (path.equals(VALIDATED)) {
      headers.add(new Field("Cache-Control", "max-age=600"));
      headers.add(new Field("ETag", ETAG));
      headers.add(new Field("Last-Modified", LAST_MODIFIED));
    } else if (path.equals(VARY_WITH_EMPTY_ITEMS)) {
      headers.add(new Field("Cache-Control", "max-age=60"));
      headers.add(new Field("Vary", ", ,Accept-Language,,"));
    } else {
      Optional<MalformedResponse> malformed = RESPONSES.stream().filter(r -> r.path().equals(path)).findFirst();
      if (malformed.isEmpty()) {
        return text(404, headers, "no such page " + path);
      }
      headers.addAll(malformed.get().headers());
    }
    return text(200, headers, "page " + path + " render " + render);
  }

  private static ContractResponse text(int status, List<Field> headers, String body) {
    headers.add(new Field("Content-Type", "text/plain;charset=utf-8"));
    return new ContractResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static MalformedResponse response(String name, boolean storable, String... namesAndValues) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
    }
    return new MalformedResponse(name, storable, List.copyOf(fields));
  }

  private static String manyNames(int count) {
    return IntStream.range(0, count).mapToObj(i -> "X-Name-" + i).collect(Collectors.joining(", "));
  }
}
