package dev.surge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU time a server process has used, split into the JVM's garbage-collection threads, its JIT compiler
 * threads, and everything else (the threads that handle requests). Read from Linux's {@code /proc}; where
 * that is missing, all of the process's time counts as request handling.
 *
 * <p>Request handling is the process's total minus GC and JIT, so that the time of request threads that exit
 * between two readings (thread pools shrink and grow) is still counted. GC and JIT threads live as long as
 * the JVM. With one CPU, HotSpot picks the serial collector, which collects on the "VM Thread".
 */
record ServerCpu(Duration requestThreads, Duration gc, Duration jit) {

  private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ is 100 on every Linux we run on

  /** The CPU time {@code process} has used so far. */
  static ServerCpu of(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    try {
      long total = ticks(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII));
      long gc = 0;
      long jit = 0;
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          Optional<String> stat = readIfAlive(task.resolve("stat"));
          if (stat.isEmpty()) {
            continue;
          }
          String name = threadName(stat.get());
          if (isGcThread(name)) {
            gc += ticks(stat.get());
          } else if (isJitThread(name)) {
            jit += ticks(stat.get());
          }
        }
      }
      return new ServerCpu(ofTicks(total - gc - jit), ofTicks(gc), ofTicks(jit));
    } catch (IOException | RuntimeException noProc) {
      Duration total = process.info().totalCpuDuration()
          .orElseThrow(() -> new IllegalStateException("this platform does not report a process's CPU time"));
      return new ServerCpu(total, Duration.ZERO, Duration.ZERO);
    }
  }

  /** The time used since {@code earlier}. */
  ServerCpu minus(ServerCpu earlier) {
    return new ServerCpu(requestThreads.minus(earlier.requestThreads), gc.minus(earlier.gc), jit.minus(earlier.jit));
  }

  /** Request handling and garbage collection together: what serving costs once the JIT has settled. */
  Duration serving() {
    return requestThreads.plus(gc);
  }

  static boolean isGcThread(String name) {
    return name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
        || name.startsWith("ZGC") || name.startsWith("Shenandoah");
  }

  static boolean isJitThread(String name) {
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  /** The thread name in a {@code /proc/.../stat} line: between the first '(' and the last ')'. */
  static String threadName(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  /** utime + stime of a {@code /proc/.../stat} line (fields 14 and 15, counted after the name). */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static Optional<String> readIfAlive(Path stat) {
    try {
      return Optional.of(Files.readString(stat, StandardCharsets.US_ASCII));
    } catch (IOException exited) { // the thread ended while its directory was listed
      return Optional.empty();
    }
  }

  private static Duration ofTicks(long ticks) {
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }
}
