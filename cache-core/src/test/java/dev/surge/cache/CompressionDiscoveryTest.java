package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding content coders: one that cannot load is left out with a warning, never failing the cache. */
class CompressionDiscoveryTest {

  /** A coder whose class loads but cannot be made, as when its native library is missing. */
  public static final class UnloadableCoder extends dev.surge.cache.internal.GzipCoderForTests {
    public UnloadableCoder() {
      throw new UnsatisfiedLinkError("no native library here");
    }
  }

  @Test
  void codersThatCannotLoadAreLeftOutAndTheRestAreFound(@TempDir Path classes) throws IOException {
    Path services = classes.resolve("META-INF/services/" + ContentCoder.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, String.join("\n",
        "dev.surge.cache.NoSuchCoder",
        UnloadableCoder.class.getName(),
        dev.surge.cache.internal.GzipCoderForTests.class.getName()) + "\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      assertThat(Compression.find(loader)).containsOnlyKeys("gzip", "test-gzip");
    }
  }
}
