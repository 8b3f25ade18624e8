package dev.surge.example.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starts the example as its {@code main} does, on a free port, and asks for its page twice. */
class VertxExampleSmokeTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void theSecondRequestIsAHitWithTheFirstRender() throws Exception {
    HttpServer server = VertxExampleApplication.start(vertx, 0).await();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/hello")).build();

    HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("Hello from Vert.x, render #1\n");
    assertThat(first.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).doesNotContain("hit"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("Surge; hit"));
  }
}
