package dev.surge.example.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the example's web application directory into embedded Tomcat 11, so that its {@code web.xml} is what
 * declares Surge, and asks for its page twice.
 */
class WarExampleSmokeTest {

  @TempDir
  Path baseDir;

  private Tomcat tomcat;

  @AfterEach
  void stopTomcat() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void theSecondRequestIsAHitWithTheFirstRender() throws Exception {
    tomcat = EmbeddedTomcat.start(Path.of(""), 0, baseDir);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/hello")).build();

    HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("Hello from a servlet, render #1\n");
    assertThat(first.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).doesNotContain("hit"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("Surge; hit"));
  }
}
