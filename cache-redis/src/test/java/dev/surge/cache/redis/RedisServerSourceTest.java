package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the tests find their Redis: the PATH first, then Docker, else one line naming the fix. */
class RedisServerSourceTest {

  @TempDir Path bin;

  @Test
  void aBinaryOnThePathWinsAndDockerIsNotAsked() {
    assertThat(RedisServer.source(Optional.of(Path.of("/usr/bin/redis-server")), () -> {
      throw new AssertionError("Docker asked");
    })).isEqualTo(RedisServer.Source.PATH);
  }

  @Test
  void withoutABinaryDockerIsUsedWhereItWorks() {
    assertThat(RedisServer.source(Optional.empty(), () -> true)).isEqualTo(RedisServer.Source.DOCKER);
  }

  @Test
  void withNeitherTheTestsFailWithOneLineNamingTheFix() {
    assertThatThrownBy(() -> RedisServer.source(Optional.empty(), () -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cache-redis tests need redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server;"
            + " macOS: brew install redis) or a working Docker");
  }

  @Test
  void onlyAnExecutableInADirectoryOfThePathCounts() throws Exception {
    Path empty = Files.createDirectory(bin.resolve("empty"));
    Path full = Files.createDirectory(bin.resolve("full"));
    Path plainFile = Files.createDirectory(bin.resolve("plain"));
    Files.writeString(plainFile.resolve("redis-server"), "not executable");
    Path executable = Files.writeString(full.resolve("redis-server"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(RedisServer.onPath("redis-server", empty + File.pathSeparator + plainFile)).isEmpty();
    assertThat(RedisServer.onPath("redis-server", empty + File.pathSeparator + full)).contains(executable);
    assertThat(RedisServer.onPath(executable.toString(), "")).contains(executable);
    assertThat(RedisServer.onPath("redis-server", null)).isEmpty();
  }
}
