package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerCpuTest {

  @Test
  void readsTheNameAndCpuTicksOfAThreadWhoseNameHoldsSpacesAndParentheses() {
    String stat = "4242 (C2 (x) Thre) S 1 2 3 4 5 6 7 8 9 10 130 25 0 0 20 0 1 0 99";

    assertThat(ServerCpu.threadName(stat)).isEqualTo("C2 (x) Thre");
    assertThat(ServerCpu.ticks(stat)).isEqualTo(155);
  }

  @Test
  void tellsCollectorAndCompilerThreadsFromRequestThreads() {
    assertThat(ServerCpu.isGcThread("VM Thread")).isTrue();
    assertThat(ServerCpu.isGcThread("GC Thread#1")).isTrue();
    assertThat(ServerCpu.isGcThread("G1 Conc#0")).isTrue();
    assertThat(ServerCpu.isJitThread("C2 CompilerThre")).isTrue();
    assertThat(ServerCpu.isJitThread("C1 CompilerThre")).isTrue();
    assertThat(ServerCpu.isGcThread("qtp1234-56")).isFalse();
    assertThat(ServerCpu.isJitThread("vert.x-worker-t")).isFalse();
  }

  @Test
  void countsTheWorkOfThisThreadAsRequestHandling() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    ServerCpu before = ServerCpu.of(ProcessHandle.current());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long spin = threads.getCurrentThreadCpuTime() + Duration.ofMillis(100).toNanos();
    long sum = 0;
    while (threads.getCurrentThreadCpuTime() < spin) {
      sum += Long.numberOfTrailingZeros(System.nanoTime());
    }

    ServerCpu used = ServerCpu.of(ProcessHandle.current()).minus(before);

    assertThat(sum).isPositive();
    assertThat(used.requestThreads()).isPositive();
    assertThat(used.serving()).isEqualTo(used.requestThreads().plus(used.gc()));
  }
}
