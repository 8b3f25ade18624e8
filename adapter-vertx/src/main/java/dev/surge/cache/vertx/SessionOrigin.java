package dev.surge.cache.vertx;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Optional;

/**
 * Whether a page was rendered with a session of its own, which no other visitor may be served. A session
 * the request brought in a cookie is left to the cache's rule for private cookies (vertx-web's {@code
 * vertx-web.session} is one by default). Any other session the routing context holds when the response ends
 * was created for this request, had its id regenerated, or came in the URL (vertx-web's cookieless mode, where
 * the application writes the id into its links): the page may carry that id, so it is not stored, whether
 * the session handler runs before or after the cache's handler.
 */
final class SessionOrigin {

  private SessionOrigin() {}

  /** Why the response {@code context} rendered must not be stored because of its session, if it must not. */
  static Optional<String> unfitBecause(RoutingContext context) {
    Session session = context.session();
    if (session == null || broughtInACookie(context.request(), session.value())) {
      return Optional.empty();
    }
    return Optional.of("rendered with a session the request did not bring in a cookie "
        + "(a new or regenerated one, or one from the URL)");
  }

  /**
   * Whether a cookie the request sent holds {@code sessionValue} (signed or not). The raw header is read:
   * vertx-web regenerates a session's id by rewriting the request's parsed cookie.
   */
  private static boolean broughtInACookie(HttpServerRequest request, String sessionValue) {
    for (String cookies : request.headers().getAll(HttpHeaders.COOKIE)) {
      if (cookies.contains(sessionValue)) {
        return true;
      }
    }
    return false;
  }
}
