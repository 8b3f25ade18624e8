package dev.surge.cache.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Warns at start-up when a layer in front of the application applies forwarding headers ({@code X-Forwarded-*},
 * {@code Forwarded}) while Surge trusts none: Spring's {@code ForwardedHeaderFilter} ({@code
 * server.forward-headers-strategy=framework}), or the server's own support ({@code native}, or a cloud platform
 * that switches it on: Tomcat's {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}). Surge
 * neither serves nor stores requests that carry those headers until {@code
 * surge.cache.trusted-forwarding-headers} names the ones the proxy sets, so behind that proxy nothing is cached;
 * the warning says what to set.
 */
final class ForwardingLayerCheck implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingLayerCheck.class);

  private final ListableBeanFactory beans;
  private final Environment environment;
  private final boolean trustsForwardingHeaders;

  ForwardingLayerCheck(ListableBeanFactory beans, Environment environment, boolean trustsForwardingHeaders) {
    this.beans = beans;
    this.environment = environment;
    this.trustsForwardingHeaders = trustsForwardingHeaders;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (trustsForwardingHeaders) {
      return;
    }
    List<String> layers = layers();
    if (!layers.isEmpty()) {
      LOG.warn("{} rewrites requests from the forwarding headers X-Forwarded-* and Forwarded. Surge neither"
          + " serves nor stores a request that carries them until it trusts them: if your proxy sets them and"
          + " removes them from clients' requests, set surge.cache.trusted-forwarding-headers=<the headers it"
          + " sets> (e.g. X-Forwarded-Host,X-Forwarded-Proto,X-Forwarded-Port,X-Forwarded-Prefix) and"
          + " surge.cache.ignored-request-headers=X-Forwarded-For; their values then become part of the key."
          + " Until then, requests through the proxy are rendered uncached.", String.join(" and ", layers));
    }
  }

  private List<String> layers() {
    List<String> layers = new ArrayList<>();
    RegisteredFilter.in(beans).stream()
        .filter(filter -> ForwardedHeaderFilter.class.isAssignableFrom(filter.type()))
        .forEach(filter -> layers.add("Spring's ForwardedHeaderFilter '" + filter.name() + "'"));
    String strategy = environment.getProperty("server.forward-headers-strategy");
    CloudPlatform platform = CloudPlatform.getActive(environment);
    if ("native".equalsIgnoreCase(strategy)) {
      layers.add(serverSupport("server.forward-headers-strategy=native"));
    } else if (strategy == null && platform != null && platform.isUsingForwardHeaders()) {
      layers.add(serverSupport("running on " + platform + ", where Spring Boot switches it on"));
    }
    return layers;
  }

  private static String serverSupport(String why) {
    return "The server's forwarded-header support (Tomcat's RemoteIpValve, Jetty's ForwardedRequestCustomizer; "
        + why + ")";
  }
}
