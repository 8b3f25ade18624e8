package dev.surge.example.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the example's web application directory (src/main/webapp, with the compiled classes as
 * WEB-INF/classes) into embedded Tomcat 11, so that its {@code web.xml} is what declares Surge, and asks for
 * its page twice.
 */
class WarExampleSmokeTest {

  @TempDir
  Path baseDir;

  private final Tomcat tomcat = new Tomcat();

  @AfterEach
  void stopTomcat() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void theSecondRequestIsAHitWithTheFirstRender() throws Exception {
    int port = deployWebapp();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build();

    HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("Hello from a servlet, render #1\n");
    assertThat(first.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).doesNotContain("hit"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("Surge; hit"));
  }

  private int deployWebapp() throws Exception {
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setAddDefaultWebXmlToWebapp(false); // only the example's own web.xml
    Context context = tomcat.addWebapp("", Path.of("src/main/webapp").toAbsolutePath().toString());
    WebResourceRoot resources = new StandardRoot(context);
    resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
        Path.of("target/classes").toAbsolutePath().toString(), "/"));
    context.setResources(resources);
    tomcat.start();
    assertThat(context.getState()).isEqualTo(LifecycleState.STARTED);
    return tomcat.getConnector().getLocalPort();
  }
}
