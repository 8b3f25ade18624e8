package dev.surge.cache.spring.boot.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.spring.boot.RunningApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Surge answers a hit before Spring MVC picks a handler, so a cached response must vary on every request
 * header by which Spring could have picked another handler, or another message converter, for the same URL.
 */
class RoutingVaryTest {

  private static RunningApplication shop;

  @BeforeAll
  static void start() {
    shop = RunningApplication.start(ShopApplication.class);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void pageOfAHandlerWithoutProducesIsNotServedToAClientItsSiblingWithProducesAnswers() throws Exception {
    long settled = shop.settled();
    HttpResponse<String> browser = shop.get("/items", "Accept", "text/html");
    shop.awaitSettledBeyond(settled);

    HttpResponse<String> api = shop.get("/items", "Accept", "application/json");
    HttpResponse<String> browserAgain = shop.get("/items", "Accept", "text/html");

    assertThat(browser.body()).contains("<h1>items</h1>");
    assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("application/json"));
    assertThat(api.body()).contains("\"items\":\"json\"");
    assertThat(browserAgain.body()).isEqualTo(browser.body());
  }

  @Test
  void bodyWrittenByANegotiatedConverterIsCachedPerAccept() throws Exception {
    long settled = shop.settled();
    HttpResponse<String> csv = shop.get("/reports/today", "Accept", "text/csv");
    shop.awaitSettledBeyond(settled);

    HttpResponse<String> json = shop.get("/reports/today", "Accept", "application/json");
    HttpResponse<String> csvAgain = shop.get("/reports/today", "Accept", "text/csv");

    assertThat(csv.body()).isEqualTo("today,1");
    assertThat(json.body()).isEqualTo("{\"name\":\"today\",\"render\":2}");
    assertThat(csvAgain.body()).isEqualTo("today,1");
    assertThat(csv.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept"));
  }
}
