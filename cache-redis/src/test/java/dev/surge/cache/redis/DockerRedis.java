package dev.surge.cache.redis;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis container (Testcontainers), published on the given loopback port, persisting nothing: for a
 * machine without {@code redis-server} where Docker works. Killing, freezing and thawing act on the container
 * ({@code docker kill}, {@code pause}, {@code unpause}); a restart starts the same container again on the
 * same port, empty.
 */
final class DockerRedis implements RedisRunner {

  private static final DockerImageName IMAGE = DockerImageName.parse("redis:7.4-alpine");

  private final GenericContainer<?> container;
  private boolean created;

  DockerRedis(int port) {
    container = new GenericContainer<>(IMAGE)
        .withCommand("redis-server", "--save", "", "--appendonly", "no", "--enable-debug-command", "yes")
        .withExposedPorts(6379);
    container.setPortBindings(List.of("127.0.0.1:" + port + ":6379"));
  }

  /** Whether Testcontainers finds a Docker it can use. */
  static boolean dockerWorks() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  public void start() {
    if (created) {
      docker().startContainerCmd(container.getContainerId()).exec();
    } else {
      container.start();
      created = true;
    }
  }

  @Override
  public void checkRunning() {
    if (!Boolean.TRUE.equals(docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning())) {
      throw new IllegalStateException("the Redis container exited: " + container.getLogs());
    }
  }

  @Override
  public void kill() {
    docker().killContainerCmd(container.getContainerId()).exec();
    docker().waitContainerCmd(container.getContainerId()).start().awaitStatusCode();
  }

  @Override
  public void freeze() {
    docker().pauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void thaw() {
    docker().unpauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void remove() {
    container.stop();
  }

  private DockerClient docker() {
    return container.getDockerClient();
  }
}
