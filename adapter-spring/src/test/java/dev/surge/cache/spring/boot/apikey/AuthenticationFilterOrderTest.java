package dev.surge.cache.spring.boot.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.cache.spring.boot.RunningApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Surge answers a hit before the filters ordered after it run. An authentication filter registered without
 * an order (a {@code @Component} JWT or API-key filter) comes after Surge's filter at 0, so after one
 * authorised request an anonymous one would get the confidential page: start-up refuses that arrangement.
 */
class AuthenticationFilterOrderTest {

  private RunningApplication application;

  @AfterEach
  void stop() {
    if (application != null) {
      application.close();
    }
  }

  @Test
  void startUpFailsWhenAnAuthenticationFilterWithoutAnOrderWouldRunAfterSurge() {
    assertThatThrownBy(() -> application = RunningApplication.start(ApiKeyApplications.Unordered.class))
        .hasMessageContaining("'apiKeyAuthenticationFilter'")
        .hasMessageContaining(ApiKeyAuthenticationFilter.class.getName())
        .hasMessageContaining("surge.cache.filter-order")
        .hasMessageContaining("surge.cache.filters-skipped-on-hits");
  }

  @Test
  void anonymousRequestIsRefusedThePageAnAuthorisedOneStoredWhenTheFilterRunsFirst() throws Exception {
    application = RunningApplication.start(ApiKeyApplications.OrderedFirst.class);
    long settled = application.settled();
    HttpResponse<String> authorised =
        application.get("/confidential/report", "X-Api-Key", ApiKeyAuthenticationFilter.KEY);
    application.awaitSettledBeyond(settled);

    HttpResponse<String> anonymous = application.get("/confidential/report");
    HttpResponse<String> authorisedAgain =
        application.get("/confidential/report", "X-Api-Key", ApiKeyAuthenticationFilter.KEY);

    assertThat(authorised.body()).isEqualTo("confidential report, render 1");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("confidential report");
    assertThat(authorisedAgain.body()).isEqualTo("confidential report, render 1");
  }

  @Test
  void filterNamedAsSkippedOnHitsStartsAndIsSkippedForCachedPages() throws Exception {
    application = RunningApplication.start(ApiKeyApplications.Unordered.class,
        "surge.cache.filters-skipped-on-hits=apiKeyAuthenticationFilter");
    long settled = application.settled();
    application.get("/confidential/report", "X-Api-Key", ApiKeyAuthenticationFilter.KEY);
    application.awaitSettledBeyond(settled);

    assertThat(application.get("/confidential/report").body()).isEqualTo("confidential report, render 1");
  }
}
