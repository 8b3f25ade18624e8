package dev.surge.example.war;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;

/**
 * Serves this example's web application directory ({@code src/main/webapp}, with {@code target/classes} as
 * {@code WEB-INF/classes}) in embedded Tomcat 11 on the loopback address, the way a container deploys the WAR:
 * its {@code WEB-INF/web.xml} declares the servlet and Surge's filter. Used by the smoke test, and by
 * {@code mvn exec:java} to try the example by hand.
 */
final class EmbeddedTomcat {

  private EmbeddedTomcat() {}

  /** Serves on port 8080 until stopped; the argument is this example's directory (default: the current one). */
  public static void main(String[] args) throws Exception {
    Path project = Path.of(args.length > 0 ? args[0] : "");
    Tomcat tomcat = start(project, 8080, Files.createTempDirectory("surge-example-tomcat"));
    System.out.println("Listening on http://127.0.0.1:8080/hello");
    tomcat.getServer().await();
  }

  /** Starts Tomcat with {@code project}'s web application at the root context; port 0 picks a free port. */
  static Tomcat start(Path project, int port, Path baseDir) throws LifecycleException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(port);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setAddDefaultWebXmlToWebapp(false); // only the example's own web.xml
    Context context = tomcat.addWebapp("", project.resolve("src/main/webapp").toAbsolutePath().toString());
    // Libraries (Surge, slf4j) come from this class's class path, as from a container's lib directory.
    context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
    WebResourceRoot resources = new StandardRoot(context);
    resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
        project.resolve("target/classes").toAbsolutePath().toString(), "/"));
    context.setResources(resources);
    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      tomcat.stop();
      throw new IllegalStateException("The web application did not start; Tomcat's log above says why");
    }
    return tomcat;
  }
}
