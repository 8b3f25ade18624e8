package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The contract application's pages under {@code /leak/}, for {@link LeakGuardSuite}: {@code /leak/echo}
 * greets the holder of the {@code remember_me} cookie by echoing its value (as a careless "remember me" page
 * does), {@code /leak/quiet} ignores cookies. Both are plain cacheable 200s without {@code Cache-Control}.
 */
final class LeakPages {

  /** The cookie {@code /leak/echo} echoes. */
  static final String COOKIE = "remember_me";
  /** A remember-me token as a login would set it: long and random-looking. */
  static final String TOKEN = "rm-7f3a9c1e5b2d4f60a8";

  private LeakPages() {}

  static ContractResponse render(ContractRequest request, int render) {
    String page = "page " + request.path() + " render " + render;
    if (request.path().equals("/leak/echo")) {
      page = page + " " + COOKIE + "=" + cookie(request).orElse("none");
    } else if (!request.path().equals("/leak/quiet")) {
      return new ContractResponse(404, List.of(), new byte[0]);
    }
    return new ContractResponse(200, List.of(new Field("Content-Type", "text/plain;charset=utf-8")),
        page.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> cookie(ContractRequest request) {
    for (String pair : request.header("Cookie").orElse("").split(";")) {
      String[] nameAndValue = pair.trim().split("=", 2);
      if (nameAndValue.length == 2 && nameAndValue[0].equals(COOKIE)) {
        return Optional.of(nameAndValue[1]);
      }
    }
    return Optional.empty();
  }
}
