package dev.surge.cache.contract;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executor;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * The heap an object keeps alive, measured over its real object graph with JOL's view of the running JVM
 * (object sizes as laid out, field values read in place). The JVM's shared machinery that a cache merely
 * points at is not counted, nor walked into: threads, executors (a Caffeine store hands its maintenance to
 * the common fork-join pool), class loaders and classes. Everything else reachable is counted once.
 */
public final class RetainedHeap {

  private RetainedHeap() {}

  /** The bytes reachable from {@code root}, less the shared machinery. */
  public static long of(Object root) {
    // Records' fields have no Unsafe offset on Java 17; JOL then finds offsets its own way.
    System.setProperty("jol.magicFieldOffset", "true");
    System.setProperty("jol.skipHotspotSAAttach", "true");
    VirtualMachine vm = VM.current();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    long bytes = 0;
    while (!pending.isEmpty()) {
      Object object = pending.pop();
      if (isShared(object) || !seen.add(object)) {
        continue;
      }
      bytes += vm.sizeOf(object);
      if (object instanceof Object[] array) {
        for (Object element : array) {
          if (element != null) {
            pending.push(element);
          }
        }
        continue;
      }
      for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
            Object value = vm.getObject(object, vm.fieldOffset(field));
            if (value != null) {
              pending.push(value);
            }
          }
        }
      }
    }
    return bytes;
  }

  private static boolean isShared(Object object) {
    return object instanceof Thread || object instanceof Executor || object instanceof ClassLoader
        || object instanceof Class<?>;
  }
}
