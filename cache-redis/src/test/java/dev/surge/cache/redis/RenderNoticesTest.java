package dev.surge.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The renders channel as one process hears it: each wait is woken by its own id's end, and by nothing else. */
class RenderNoticesTest {

  private static final byte[] CHANNEL = "surge:{notices}:db0:renders".getBytes(StandardCharsets.UTF_8);

  private final RenderNotices notices = new RenderNotices(CHANNEL);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWaitThatEndsDoesNotUnhookAnotherWaitForTheSameId() {
    CompletableFuture<Void> first = notices.ended("id-1");
    CompletableFuture<Void> second = notices.ended("id-1"); // e.g. a new leader here after the first expired

    notices.forget("id-1", first);
    notices.message(CHANNEL, utf8("id-1"));

    assertThat(second).isDone();
    assertThat(first).isNotDone();
  }

  @Test
  void anEndWakesOnlyTheWaitsOfItsIdAndOnlyOnItsChannel() {
    CompletableFuture<Void> one = notices.ended("id-1");
    CompletableFuture<Void> two = notices.ended("id-2");

    notices.message(utf8("surge:{other}:db0:renders"), utf8("id-1"));
    assertThat(one).isNotDone();
    notices.message(CHANNEL, utf8("id-1"));

    assertThat(one).isDone();
    assertThat(two).isNotDone();
  }

  @Test
  void aBrokenConnectionWakesEveryWait() {
    CompletableFuture<Void> one = notices.ended("id-1");
    CompletableFuture<Void> two = notices.ended("id-2");

    notices.wakeAll();

    assertThat(one).isDone();
    assertThat(two).isDone();
  }
}
