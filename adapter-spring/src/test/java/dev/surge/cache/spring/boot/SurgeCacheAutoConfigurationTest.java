package dev.surge.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CachePolicy;
import dev.surge.cache.CacheRequest;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.CapturedResponse;
import dev.surge.cache.HttpCache;
import dev.surge.cache.RejectReason;
import dev.surge.cache.StoreDecision;
import dev.surge.cache.TestRequests;
import dev.surge.cache.spring.CacheResponseInterceptor;
import dev.surge.cache.spring.EnableHttpCache;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The auto-configuration's conditions, checked with Boot's context runners (no server). */
class SurgeCacheAutoConfigurationTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          SurgeCacheAutoConfiguration.class,
          SurgeCacheMetricsAutoConfiguration.class,
          SurgeCacheEndpointAutoConfiguration.class));

  @Test
  void servletApplicationGetsCacheFilterAfterSecurityInterceptorAndMeters() {
    web.run(context -> {
      assertThat(context).hasSingleBean(HttpCache.class).hasSingleBean(CacheResponseInterceptor.class)
          .hasSingleBean(SurgeCacheMetrics.class).doesNotHaveBean(SurgeCacheEndpoint.class);
      FilterRegistrationBean<?> filter =
          context.getBean(SurgeCacheAutoConfiguration.FILTER_REGISTRATION_BEAN_NAME, FilterRegistrationBean.class);
      assertThat(filter.getOrder()).isGreaterThan(-100); // Spring Security's filter chain runs at -100
    });
  }

  @Test
  void enabledFalseSwitchesEverythingOff() {
    web.withPropertyValues("surge.cache.enabled=false").run(context -> assertThat(context)
        .doesNotHaveBean(HttpCache.class).doesNotHaveBean(FilterRegistrationBean.class)
        .doesNotHaveBean(CacheResponseInterceptor.class).doesNotHaveBean(SurgeCacheMetrics.class));
  }

  @Test
  void applicationsOwnCacheBeanIsUsed() {
    HttpCache own = HttpCache.builder().defaultTtl(Duration.ofSeconds(3)).build();
    web.withBean(HttpCache.class, () -> own).run(context -> assertThat(context.getBean(HttpCache.class)).isSameAs(own));
  }

  @Test
  void propertiesConfigureTheCacheAndTheFilterOrder() {
    web.withPropertyValues("surge.cache.default-ttl=5s", "surge.cache.maximum-bytes=2MB",
            "surge.cache.maximum-entry-bytes=256KB", "surge.cache.filter-order=7",
            "surge.cache.stale-while-revalidate=20s", "surge.cache.stale-if-error=10m",
            "surge.cache.revalidation-window=3m")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(SurgeCacheAutoConfiguration.FILTER_REGISTRATION_BEAN_NAME,
              FilterRegistrationBean.class).getOrder()).isEqualTo(7);
          CachePolicy policy = context.getBean(HttpCache.class).policy();
          StoreDecision stored = policy.onResponse(Instant.EPOCH, TestRequests.get("/a").build(),
              CapturedResponse.builder().status(200).header("Cache-Control", "max-age=10").header("ETag", "\"v1\"")
                  .build());
          CachedResponse entry = ((StoreDecision.Store) stored).entry();
          assertThat(entry.freshnessLifetime()).isEqualTo(Duration.ofSeconds(10));
          assertThat(entry.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(20));
          assertThat(entry.staleIfError()).isEqualTo(Duration.ofMinutes(10));
          assertThat(entry.revalidationWindow()).isEqualTo(Duration.ofMinutes(3));
        });
  }

  @Test
  void leakGuardPropertyTurnsTheGuardOff() {
    CacheRequest request = TestRequests.get("/account").header("Cookie", "remember_me=r3m3mb3r-t0k3n").build();
    CapturedResponse echoing =
        CapturedResponse.builder().body("token r3m3mb3r-t0k3n".getBytes(StandardCharsets.UTF_8)).build();

    web.run(context -> assertThat(context.getBean(HttpCache.class).policy().onResponse(Instant.EPOCH, request, echoing))
        .isEqualTo(new StoreDecision.Reject(RejectReason.CREDENTIAL_IN_BODY)));
    web.withPropertyValues("surge.cache.leak-guard=false").run(context -> assertThat(
            context.getBean(HttpCache.class).policy().onResponse(Instant.EPOCH, request, echoing))
        .isInstanceOf(StoreDecision.Store.class));
  }

  @Test
  void compressionPropertiesSetTheCodingsAndCanTurnCompressionOff() {
    CacheRequest request = TestRequests.get("/page").build();
    StringBuilder html = new StringBuilder();
    while (html.length() < 8192) {
      html.append("<li>a line of a page that compresses well</li>");
    }
    CapturedResponse page = CapturedResponse.builder().header("Content-Type", "text/html")
        .body(html.toString().getBytes(StandardCharsets.UTF_8)).build();

    web.withPropertyValues("surge.cache.compression.codings=gzip").run(context -> assertThat(
            ((StoreDecision.Store) context.getBean(HttpCache.class).policy().onResponse(Instant.EPOCH, request, page))
                .entry().codings())
        .containsExactly("gzip", "identity"));
    web.withPropertyValues("surge.cache.compression.enabled=false").run(context -> assertThat(
            ((StoreDecision.Store) context.getBean(HttpCache.class).policy().onResponse(Instant.EPOCH, request, page))
                .entry().hasVariants())
        .isFalse());
    web.withPropertyValues("surge.cache.compression.minimum-size=64KB").run(context -> assertThat(
            ((StoreDecision.Store) context.getBean(HttpCache.class).policy().onResponse(Instant.EPOCH, request, page))
                .entry().hasVariants())
        .isFalse());
    web.withPropertyValues("surge.cache.compression.codings=lzma").run(context -> assertThat(context)
        .hasFailed().getFailure().rootCause().hasMessageContaining("lzma"));
  }

  @Test
  void badPropertyFailsStartUpNamingTheOption() {
    web.withPropertyValues("surge.cache.maximum-ttl=-1s").run(context -> assertThat(context)
        .hasFailed().getFailure().rootCause().hasMessageContaining("maximumTtl"));
  }

  @Test
  void endpointOnlyWhenExposed() {
    web.withPropertyValues("management.endpoints.web.exposure.include=surgecache")
        .run(context -> assertThat(context).hasSingleBean(SurgeCacheEndpoint.class));
  }

  @Test
  void withoutMicrometerOrActuatorTheCacheStillWorks() {
    web.withClassLoader(new FilteredClassLoader(MeterBinder.class, Endpoint.class))
        .withPropertyValues("management.endpoints.web.exposure.include=surgecache")
        .run(context -> assertThat(context).hasSingleBean(HttpCache.class)
            .doesNotHaveBean(SurgeCacheMetrics.class).doesNotHaveBean(SurgeCacheEndpoint.class));
  }

  @Test
  void notAServletApplicationGetsNothing() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SurgeCacheAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(HttpCache.class));
  }

  @Test
  void enableHttpCacheInTheApplicationTurnsTheAutoConfigurationOff() {
    web.withUserConfiguration(PlainSetUp.class).run(context -> assertThat(context)
        .doesNotHaveBean(FilterRegistrationBean.class).hasSingleBean(CacheResponseInterceptor.class));
  }

  @Test
  void propertyMetadataDescribesTheOptions() throws Exception {
    String metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
        .getContentAsString(StandardCharsets.UTF_8);

    assertThat(metadata).contains("\"surge.cache.default-ttl\"", "\"surge.cache.filter-order\"",
        "\"surge.cache.enabled\"", "Lifetime of a response that states none", "\"surge.cache.leak-guard\"",
        "\"surge.cache.compression.codings\"", "The smallest body compressed");
  }

  /** A plain Spring set-up inside a Boot application. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @EnableHttpCache
  static class PlainSetUp {}
}
