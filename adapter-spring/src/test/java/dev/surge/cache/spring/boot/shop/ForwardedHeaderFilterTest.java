package dev.surge.cache.spring.boot.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.BypassReason;
import dev.surge.cache.spring.boot.RunningApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With {@code server.forward-headers-strategy=framework}, Spring's {@code ForwardedHeaderFilter} runs before
 * Surge, hides the {@code X-Forwarded-*} headers and rewrites host, scheme and path. A page rendered from
 * them never reaches a later visitor, unless the trusted-proxy setting makes them part of the key. Start-up
 * says which layer applies forwarding headers, and what to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeaderFilterTest {

  private RunningApplication shop;

  @AfterEach
  void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  private String origin() {
    return "http://127.0.0.1:" + shop.context().getEnvironment().getProperty("local.server.port");
  }

  @ParameterizedTest
  @CsvSource({"framework, Spring's ForwardedHeaderFilter", "native, RemoteIpValve"})
  void startUpNamesTheLayerThatAppliesForwardingHeadersAndTheSettingToTrustThem(
      String strategy, String layer, CapturedOutput output) {
    shop = RunningApplication.start(ShopApplication.class, "server.forward-headers-strategy=" + strategy);

    assertThat(output.getOut()).contains(layer).contains("surge.cache.trusted-forwarding-headers=");
  }

  @Test
  void startUpSaysNothingOnceTheForwardingHeadersAreTrusted(CapturedOutput output) {
    shop = RunningApplication.start(ShopApplication.class, "server.forward-headers-strategy=framework",
        "surge.cache.trusted-forwarding-headers=X-Forwarded-Host,X-Forwarded-Proto");

    assertThat(output.getOut()).doesNotContain("surge.cache.trusted-forwarding-headers=");
  }

  @Test
  void pageRenderedForAForwardedHostIsNeverServedToLaterVisitors() throws Exception {
    shop = RunningApplication.start(ShopApplication.class, "server.forward-headers-strategy=framework");
    long settled = shop.settled();
    HttpResponse<String> poisoned = shop.get("/home", "X-Forwarded-Host", "evil.example");
    shop.awaitSettledBeyond(settled);

    HttpResponse<String> visitor = shop.get("/home");

    assertThat(poisoned.body()).startsWith("login at http://evil.example/login");
    assertThat(visitor.body()).startsWith("login at " + origin() + "/login");
    assertThat(shop.cache().stats().bypasses(BypassReason.UNTRUSTED_FORWARDING)).isEqualTo(1);
  }

  @Test
  void pageRenderedUnderAForwardedPrefixIsNeverStoredUnderThePrefixedPath() throws Exception {
    shop = RunningApplication.start(ShopApplication.class, "server.forward-headers-strategy=framework");
    long settled = shop.settled();
    HttpResponse<String> prefixed = shop.get("/home", "X-Forwarded-Prefix", "/shop");
    shop.awaitSettledBeyond(settled);

    HttpResponse<String> unknown = shop.get("/shop/home");

    assertThat(prefixed.body()).startsWith("login at " + origin() + "/shop/login");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void trustedForwardingHeadersKeyTheirPagesEvenThoughTheFilterHidesThem() throws Exception {
    shop = RunningApplication.start(ShopApplication.class, "server.forward-headers-strategy=framework",
        "surge.cache.trusted-forwarding-headers=X-Forwarded-Host,X-Forwarded-Proto");
    long settled = shop.settled();
    HttpResponse<String> first = shop.get("/home", "X-Forwarded-Host", "shop.example");
    shop.awaitSettledBeyond(settled);

    HttpResponse<String> second = shop.get("/home", "X-Forwarded-Host", "shop.example");
    HttpResponse<String> visitor = shop.get("/home");

    assertThat(first.body()).isEqualTo("login at http://shop.example/login, render 1");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(visitor.body()).isEqualTo("login at " + origin() + "/login, render 2");
  }
}
