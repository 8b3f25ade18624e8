package dev.surge.cache.servlet;

import dev.surge.cache.CacheRequest;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The cache's read-only view of a servlet request as the application will see it; reads the request lazily
 * and copies nothing up front.
 *
 * <p>Layers in front of the filter may have rewritten the request: a request wrapper (Spring's {@code
 * ForwardedHeaderFilter}) or the container itself (Tomcat's {@code RemoteIpValve}) that applies forwarding
 * headers. So the view also holds the headers a wrapper hid, read from the container's own request beneath
 * every wrapper, and it reports {@linkplain #rewrittenInFront() a rewrite} when the host and port the
 * application sees differ from the {@code Host} field, or when the scheme, host, port or path differ from
 * those of the container's request.
 */
final class ServletCacheRequest implements CacheRequest {

  private final HttpServletRequest request;
  /** The container's request beneath every wrapper; {@code request} itself when nothing wrapped it. */
  private final HttpServletRequest received;
  private List<String> headerNames;

  ServletCacheRequest(HttpServletRequest request) {
    this.request = request;
    this.received = received(request);
  }

  private static HttpServletRequest received(HttpServletRequest request) {
    ServletRequest current = request;
    while (current instanceof ServletRequestWrapper wrapper) {
      current = wrapper.getRequest();
    }
    return current instanceof HttpServletRequest container ? container : request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String scheme() {
    return request.getScheme();
  }

  @Override
  public String authority() {
    String host = request.getHeader("Host");
    return host == null ? "" : host;
  }

  @Override
  public String path() {
    return request.getRequestURI();
  }

  @Override
  public Optional<String> query() {
    return Optional.ofNullable(request.getQueryString());
  }

  /** The values the application sees; those the container received when a wrapper hid the field. */
  @Override
  public List<String> headers(String name) {
    List<String> values = values(request, name);
    return values.isEmpty() && received != request ? values(received, name) : values;
  }

  private static List<String> values(HttpServletRequest request, String name) {
    if (request.getHeader(name) == null) { // most fields a lookup asks about are absent: no enumeration then
      return List.of();
    }
    Enumeration<String> values = request.getHeaders(name);
    return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
  }

  /**
   * Read from the request on each iteration, copying nothing, when nothing wrapped it; else the names the
   * application sees and those a wrapper hid, listed once.
   */
  @Override
  public Iterable<String> headerNames() {
    if (received == request) {
      return () -> names(request).asIterator();
    }
    if (headerNames == null) {
      TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      List<String> names = new ArrayList<>();
      for (HttpServletRequest source : List.of(request, received)) {
        names(source).asIterator().forEachRemaining(name -> {
          if (seen.add(name)) {
            names.add(name);
          }
        });
      }
      headerNames = names;
    }
    return headerNames;
  }

  private static Enumeration<String> names(HttpServletRequest request) {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? Collections.emptyEnumeration() : names;
  }

  @Override
  public boolean rewrittenInFront() {
    return !HostField.parse(authority()).map(this::namesServer).orElse(true)
        || (received != request && !sameTarget(received, request));
  }

  /** Whether the application sees the host and port {@code host} names. */
  private boolean namesServer(HostField host) {
    int port = host.port().orElse("https".equalsIgnoreCase(request.getScheme()) ? 443 : 80);
    return host.name().equalsIgnoreCase(HostField.unbracketed(request.getServerName()))
        && port == request.getServerPort();
  }

  private static boolean sameTarget(HttpServletRequest received, HttpServletRequest seen) {
    return Objects.equals(received.getScheme(), seen.getScheme())
        && received.isSecure() == seen.isSecure()
        && Objects.equals(received.getServerName(), seen.getServerName())
        && received.getServerPort() == seen.getServerPort()
        && Objects.equals(received.getRequestURI(), seen.getRequestURI());
  }
}
