package dev.surge.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Starts the example as {@code java -jar} would, on a random port, and asks for its page twice. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BootExampleSmokeTest {

  @LocalServerPort
  int port;

  @Test
  void theSecondRequestIsAHitWithTheFirstRender() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build();

    HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("Hello from Spring Boot, render #1\n");
    assertThat(first.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).doesNotContain("hit"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("Surge; hit"));
  }
}
