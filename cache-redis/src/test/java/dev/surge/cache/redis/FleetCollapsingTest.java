package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet-wide collapsing with a real Redis and three instances, each with its own server, cache and connections:
 * one render per page across the fleet, the others waiting for it, and every way the wait can end without that
 * render's entry ending with a render of their own.
 */
class FleetCollapsingTest {

  private RedisServer redis;
  private String namespace;
  private AppInstance a;
  private AppInstance b;
  private AppInstance c;

  @BeforeEach
  void startFleet() throws Exception {
    redis = RedisServer.start();
    namespace = "collapsing-" + UUID.randomUUID();
    a = instance("A", Duration.ofSeconds(30));
    b = instance("B", Duration.ofSeconds(30));
    c = instance("C", Duration.ofSeconds(30));
  }

  private AppInstance instance(String name, Duration coalescingTimeout) throws Exception {
    return AppInstance.start(name, redis.uri(), namespace,
        options -> options.sharedTier(true).fleetCollapsing(true).sharedTierTimeout(Duration.ofMillis(500)),
        cache -> cache.coalescingTimeout(coalescingTimeout));
  }

  @AfterEach
  void stopFleet() throws Exception {
    for (AppInstance instance : new AppInstance[] {a, b, c}) {
      if (instance != null) {
        instance.stop();
      }
    }
    redis.close();
  }

  @Test
  void theStartUpLineSaysThatPagesAreRenderedOnceAcrossTheFleet() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/surge-redis-test.log"));
    assertThat(Files.readString(log, StandardCharsets.UTF_8).lines()
            .filter(line -> line.contains("Surge cache ready") && line.contains(namespace)))
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).contains(
            "store Redis shared tier (entries up to 512KB, lookups wait at most 500ms, one render per page across"
                + " the fleet) in front of"));
  }

  @Test
  void aPageIsRenderedOnceAcrossTheFleetAndEveryInstanceServesThatRender() throws Exception {
    String page = "/surge";
    AppInstance.HeldRequest first = a.getHeld(page);

    CompletableFuture<String> onB = b.getLater(page);
    CompletableFuture<String> onC = c.getLater(page);
    await().until(() -> b.redis().stats().fleetWaits() == 1 && c.redis().stats().fleetWaits() == 1);
    first.release();

    assertThat(first.body()).isEqualTo("rendered /surge by A #1");
    assertThat(onB.get(10, TimeUnit.SECONDS)).isEqualTo("rendered /surge by A #1");
    assertThat(onC.get(10, TimeUnit.SECONDS)).isEqualTo("rendered /surge by A #1");
    assertThat(b.renders(page) + c.renders(page)).isZero();
    assertThat(a.redis().stats().fleetRendersClaimed()).isEqualTo(1);
    assertThat(b.redis().stats().fleetWaitsServed() + c.redis().stats().fleetWaitsServed()).isEqualTo(2);
  }

  @Test
  void manyRequestsOnEveryInstanceMakeOneRender() throws Exception {
    String page = "/crowd";
    AppInstance.HeldRequest first = a.getHeld(page);
    CompletableFuture<?>[] crowd = new CompletableFuture<?>[30];
    for (int i = 0; i < crowd.length; i++) {
      crowd[i] = (i % 3 == 0 ? a : i % 3 == 1 ? b : c).getLater(page);
    }
    await().until(() -> b.redis().stats().fleetWaits() == 1 && c.redis().stats().fleetWaits() == 1);
    first.release();

    CompletableFuture.allOf(crowd).get(20, TimeUnit.SECONDS);
    for (CompletableFuture<?> answer : crowd) {
      assertThat(answer.get()).isEqualTo(first.body());
    }
    assertThat(a.renders(page) + b.renders(page) + c.renders(page)).isEqualTo(1);
  }

  @Test
  void whenTheClaimedRenderIsNotStoredTheWaitersAreWokenAndRenderThemselves() throws Exception {
    String page = "/not-stored?ttl=0";
    AppInstance.HeldRequest first = a.getHeld(page);
    CompletableFuture<String> onB = b.getLater(page);
    await().until(() -> b.redis().stats().fleetWaits() == 1);

    first.release();

    // the wait is 30 s: only the end said on the renders channel can bring B's answer within Awaitility's 10 s
    assertThat(first.body()).isEqualTo("rendered /not-stored?ttl=0 by A #1");
    assertThat(onB.get(10, TimeUnit.SECONDS)).isEqualTo("rendered /not-stored?ttl=0 by B #1");
    assertThat(b.redis().stats().fleetWaitsServed()).isZero();
  }

  @Test
  void aWaitThatRunsOutRendersItselfAndTheSlowRenderStillLands() throws Exception {
    b.stop();
    b = instance("B", Duration.ofMillis(300));
    String page = "/slow";
    AppInstance.HeldRequest first = a.getHeld(page);

    assertThat(b.get(page)).isEqualTo("rendered /slow by B #1");
    first.release();

    assertThat(first.body()).isEqualTo("rendered /slow by A #1");
    assertThat(b.redis().stats().fleetWaits()).isEqualTo(1);
    assertThat(b.redis().stats().fleetWaitsServed()).isZero();
  }

  @Test
  void instancesWaitingForARenderElsewhereRenderThemselvesAtOnceWhenRedisDies() throws Exception {
    String page = "/dying";
    AppInstance.HeldRequest first = a.getHeld(page);
    CompletableFuture<String> onB = b.getLater(page);
    await().until(() -> b.redis().stats().fleetWaits() == 1);

    redis.kill();

    // the wait is 30 s: only the broken connection's wake-up can bring B's answer within 10 s
    assertThat(onB.get(10, TimeUnit.SECONDS)).isEqualTo("rendered /dying by B #1");
    first.release();
    assertThat(first.body()).isEqualTo("rendered /dying by A #1");
  }

  @Test
  void aClaimRedisGrantsAfterTheInstanceStoppedWaitingLeavesNoLeaseForTheFleetToWaitOn() throws Exception {
    String page = "/late-claim?ttl=0"; // not stored: only the lease's end could wake another instance
    AppInstance.HeldRequest first;
    redis.freeze();
    try {
      first = a.getHeld(page); // its lookup and its claim both ran out of time: it renders alone
    } finally {
      redis.thaw();
    }
    await().until(() -> a.redis().stats().tierTimeouts() >= 2);
    first.release();
    assertThat(first.body()).isEqualTo("rendered /late-claim?ttl=0 by A #1");

    await().until(() -> redis.admin(commands -> commands.keys("surge:{" + namespace + "}:lease:*")).isEmpty());
    // the wait is 30 s: a lease left behind would hold B past Awaitility's 10 s
    assertThat(b.getLater(page).get(10, TimeUnit.SECONDS)).isEqualTo("rendered /late-claim?ttl=0 by B #1");
  }

  @Test
  void aFrozenRedisCostsEachInstanceItsOwnRenderAndNoError() throws Exception {
    redis.freeze();
    try {
      assertThat(a.get("/frozen")).isEqualTo("rendered /frozen by A #1");
      assertThat(b.get("/frozen")).isEqualTo("rendered /frozen by B #1");
    } finally {
      redis.thaw();
    }
    assertThat(a.redis().stats().tierTimeouts()).isPositive();
  }

  @Test
  void withoutCollapsingEveryInstanceRendersThePageItself() throws Exception {
    AppInstance alone = AppInstance.start("D", redis.uri(), namespace, options -> options.sharedTier(true),
        UnaryOperator.identity());
    try {
      String page = "/uncollapsed";
      AppInstance.HeldRequest first = a.getHeld(page);

      assertThat(alone.get(page)).isEqualTo("rendered /uncollapsed by D #1");
      first.release();
      assertThat(first.body()).isEqualTo("rendered /uncollapsed by A #1");
      assertThat(alone.redis().stats().fleetWaits()).isZero();
    } finally {
      alone.stop();
    }
  }
}
