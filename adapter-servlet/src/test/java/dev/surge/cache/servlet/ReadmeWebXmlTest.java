package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code web.xml} snippet, taken from the README itself, deployed as a web application on
 * embedded Tomcat: what a user pastes must start and cache.
 */
class ReadmeWebXmlTest {

  private static final String MARKER = "<!-- surge:web.xml -->";

  @TempDir Path webapp;
  private Tomcat tomcat;

  @AfterEach
  void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  static String webXmlSnippet() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("README holds the marked web.xml snippet").isNotNegative();
    int start = readme.indexOf("```xml\n", marker) + "```xml\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void readmeSnippetDeploysAndCaches() throws Exception {
    Path webInf = Files.createDirectories(webapp.resolve("WEB-INF"));
    Files.writeString(webInf.resolve("web.xml"),
        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">\n" + webXmlSnippet() + "</web-app>\n");
    File baseDir = Files.createDirectories(webapp.resolve("tomcat")).toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
    TrapServlet servlet = new TrapServlet();
    Tomcat.addServlet(context, "app", servlet);
    context.addServletMappingDecoded("/*", "app");
    tomcat.start();

    URI page = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/length/right");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(second.body()).isEqualTo("exactly 1");
    assertThat(servlet.renders("/length/right")).isEqualTo(1);
    assertThat(context.getServletContext().getAttribute(HttpCacheFilter.CACHE_ATTRIBUTE)).isNotNull();
  }
}
