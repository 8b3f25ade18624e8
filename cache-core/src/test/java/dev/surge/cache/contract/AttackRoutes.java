package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes under {@code /attack/} that {@link AttackSuite} aims at: each behaves the way a vulnerable but
 * realistic application does, so that a cache which stored or served the wrong thing would show it in the body.
 * None of them sets {@code Cache-Control} unless its javadoc says so; every body names the render number.
 *
 * <ul>
 *   <li>{@code /attack/links/*}: a page with absolute links built from the request, as frameworks do: the
 *       host from {@code X-Forwarded-Host}, {@code Forwarded: host=} or the last {@code Host} field, the
 *       scheme from {@code X-Forwarded-Proto} or {@code X-Forwarded-Scheme}, the port from {@code
 *       X-Forwarded-Port}; it renders the path named by {@code X-Original-URL} or {@code X-Rewrite-URL} and
 *       the method named by {@code X-HTTP-Method-Override}; its canonical link is the request URL the
 *       framework reports (which follows an absolute-form target).
 *   <li>{@code /attack/welcome}: starts a session for a visitor without one ({@code Set-Cookie: JSESSIONID}).
 *   <li>{@code /attack/account/**}: the signed-in user's private data, found by the session cookie or {@code
 *       Authorization}, whatever the path goes on with ({@code settings.css}, {@code x.js;.css}); a sign-in
 *       prompt for anyone else. The web cache deception target.
 *   <li>{@code /attack/private} and {@code /attack/no-store}: the user's data under {@code Cache-Control:
 *       private} or {@code no-store}.
 *   <li>{@code /attack/reflect/<segment>}: the percent-decoded last segment copied into a response header
 *       ({@code X-Echo}) and the body, as an application that reflects input into {@code Location} would.
 * </ul>
 */
final class AttackRoutes {

  /** What every private page carries, so a test can look for a leak of it. */
  static final String SECRET_MARK = "card-number";

  private static final Set<String> SESSION_COOKIES = Set.of("JSESSIONID", "SESSION", "remember");

  private AttackRoutes() {}

  /** The response to {@code request} for a path under {@code /attack/}, rendered for the {@code render}-th time. */
  static ContractResponse handle(ContractRequest request, int render) {
    String path = request.path();
    List<Field> headers = new ArrayList<>();
    if (path.startsWith("/attack/links/")) {
      return text(200, headers, links(request, render));
    }
    if (path.equals("/attack/welcome")) {
      if (user(request).isEmpty()) {
        headers.add(new Field("Set-Cookie", "JSESSIONID=s" + render + "-secret; Path=/; HttpOnly"));
      }
      return text(200, headers, "welcome render " + render);
    }
    if (path.startsWith("/attack/account/")) {
      return text(200, headers, user(request).map(AttackRoutes::privateData).orElse("please sign in") + " render " + render);
    }
    if (path.equals("/attack/private") || path.equals("/attack/no-store")) {
      headers.add(new Field("Cache-Control", path.endsWith("private") ? "private, max-age=60" : "no-store"));
      return text(200, headers, user(request).map(AttackRoutes::privateData).orElse("anonymous") + " render " + render);
    }
    if (path.startsWith("/attack/reflect/")) {
      String echo = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.ISO_8859_1);
      headers.add(new Field("X-Echo", echo));
      return text(200, headers, "echo " + echo + " render " + render);
    }
    return text(404, headers, "no such attack route " + path);
  }

  /**
   * The user a request is signed in as: its {@code Authorization}, or the value of a session cookie in any of
   * its {@code Cookie} fields ({@code JSESSIONID}, {@code SESSION}, or the application's own {@code remember}).
   */
  static Optional<String> user(ContractRequest request) {
    Optional<String> authorization = request.header("Authorization");
    if (authorization.isPresent()) {
      return authorization;
    }
    for (Map.Entry<String, List<String>> field : request.headers().entrySet()) {
      if (!field.getKey().equalsIgnoreCase("Cookie")) {
        continue;
      }
      for (String cookie : String.join(";", field.getValue()).split(";")) {
        String[] pair = cookie.trim().split("=", 2);
        if (pair.length == 2 && SESSION_COOKIES.contains(pair[0])) {
          return Optional.of(pair[1]);
        }
      }
    }
    return Optional.empty();
  }

  private static String privateData(String user) {
    return "account of " + user + ", " + SECRET_MARK + " 4111-" + user.hashCode();
  }

  private static String links(ContractRequest request, int render) {
    String scheme = request.header("X-Forwarded-Proto").or(() -> request.header("X-Forwarded-Scheme")).orElse("http");
    String host = request.header("X-Forwarded-Host")
        .or(() -> request.header("Forwarded").flatMap(AttackRoutes::forwardedHost))
        .or(() -> lastHost(request))
        .orElse("unknown");
    String port = request.header("X-Forwarded-Port").map(value -> ":" + value).orElse("");
    String target = request.header("X-Original-URL").or(() -> request.header("X-Rewrite-URL")).orElse(request.path());
    String method = request.header("X-HTTP-Method-Override").orElse(request.method());
    String canonical = request.url().orElse(scheme + "://" + host + port + target);
    return method + " " + target + " <link rel=\"canonical\" href=\"" + canonical + "\"> <a href=\"" + scheme + "://"
        + host + port + "/next\">next</a> render " + render;
  }

  /** The last {@code Host} field, as a framework that lets a later field win would read it. */
  private static Optional<String> lastHost(ContractRequest request) {
    return request.headers().entrySet().stream()
        .filter(field -> field.getKey().equalsIgnoreCase("Host") && !field.getValue().isEmpty())
        .map(field -> field.getValue().get(field.getValue().size() - 1))
        .findFirst();
  }

  private static Optional<String> forwardedHost(String forwarded) {
    for (String pair : forwarded.split("[;,]")) {
      String trimmed = pair.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("host=")) {
        return Optional.of(trimmed.substring(5).replace("\"", ""));
      }
    }
    return Optional.empty();
  }

  private static ContractResponse text(int status, List<Field> headers, String body) {
    headers.add(new Field("Content-Type", "text/plain;charset=utf-8"));
    return new ContractResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
