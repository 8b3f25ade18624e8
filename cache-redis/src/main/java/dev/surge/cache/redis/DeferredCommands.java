package dev.surge.cache.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Redis commands that can be handed out before there is a connection: until {@link #connected} they fail at
 * once, each with a future failed by {@link NotConnectedException} (the way Lettuce rejects a command while
 * disconnected), and from then on they are the connection's own commands. So the shared tier and the purge
 * fan-out are built once, whether Redis answers at start or only later.
 */
final class DeferredCommands implements InvocationHandler {

  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private volatile RedisClusterAsyncCommands<byte[], byte[]> connection;

  @SuppressWarnings("unchecked")
  DeferredCommands() {
    this.commands = (RedisClusterAsyncCommands<byte[], byte[]>) Proxy.newProxyInstance(
        RedisClusterAsyncCommands.class.getClassLoader(), new Class<?>[] {RedisClusterAsyncCommands.class}, this);
  }

  /** The commands to give to the shared tier and the fan-out: rejected until connected, then sent. */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  /** From now on, commands go to {@code connected}. */
  void connected(RedisClusterAsyncCommands<byte[], byte[]> connected) {
    this.connection = connected;
  }

  /** Whether commands are sent to Redis yet. */
  boolean connected() {
    return connection != null;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "Redis commands (" + (connection == null ? "not connected yet" : "connected") + ")";
      };
    }
    RedisClusterAsyncCommands<byte[], byte[]> target = connection;
    if (target == null) {
      if (method.getReturnType().isAssignableFrom(RejectedCommand.class)) {
        return new RejectedCommand<>();
      }
      throw new NotConnectedException();
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException thrown) {
      throw thrown.getCause();
    }
  }

  /** The answer to a command sent before the connection was up. */
  private static final class RejectedCommand<T> extends CompletableFuture<T> implements RedisFuture<T> {

    RejectedCommand() {
      completeExceptionally(new NotConnectedException());
    }

    @Override
    public String getError() {
      return "not connected to Redis yet";
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
