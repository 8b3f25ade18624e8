package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheKey;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fading table of use counts behind {@code minimumUses} and the full store's admission. */
class UseCounterTest {

  private static final long SIXTY_FOUR_MEGABYTES = 64L << 20;

  private static CacheKey key(String path) {
    return new CacheKey("GET", "http", "example.com", path, "", Map.of());
  }

  @Test
  void countsUsesOfAKeyUpToFifteen() {
    UseCounter uses = new UseCounter(SIXTY_FOUR_MEGABYTES);
    CacheKey key = key("/a");

    assertThat(uses.record(key)).isEqualTo(1);
    assertThat(uses.record(key)).isEqualTo(2);
    for (int i = 0; i < 20; i++) {
      uses.record(key);
    }
    assertThat(uses.record(key)).isEqualTo(15);
  }

  @Test
  void oldDemandFadesByHalfAfterManyRecords() {
    UseCounter uses = new UseCounter(SIXTY_FOUR_MEGABYTES);
    CacheKey hot = key("/hot");
    for (int i = 0; i < 15; i++) {
      uses.record(hot);
    }

    for (long i = 15; i < uses.halvesEvery(); i++) {
      uses.record(key("/other"));
    }

    assertThat(uses.record(hot)).as("7 after halving, plus this use").isEqualTo(8);
  }

  @Test
  void keysAskedForOnceRarelyReadAsAskedForTwiceHoweverManyStreamThrough() {
    UseCounter uses = new UseCounter(SIXTY_FOUR_MEGABYTES);
    for (int i = 0; i < 1_000_000; i++) {
      uses.record(key("/seen-once-" + i));
    }

    assertThat(readAsAskedTwice(uses, 10_000)).as("new keys read as asked for twice, of 10,000").isLessThan(500);
  }

  @Test
  void oneOffKeysWhosePageAndQueryNumbersBothVaryStillTellApart() {
    // /page-K?miss=N: in a sum of part hashes, page K+1 with miss=N-10 gives the same value as page K with miss=N
    UseCounter uses = new UseCounter(SIXTY_FOUR_MEGABYTES);
    SplittableRandom pages = new SplittableRandom(6);
    for (int i = 0; i < 20_000; i++) {
      uses.record(pageWithQuery(pages.nextInt(10), i));
    }

    int readAsTwice = 0;
    for (int i = 20_000; i < 30_000; i++) {
      if (uses.record(pageWithQuery(pages.nextInt(10), i)) >= 2) {
        readAsTwice++;
      }
    }
    assertThat(readAsTwice).as("new keys read as asked for twice, of 10,000").isLessThan(300);
  }

  private static CacheKey pageWithQuery(int page, int miss) {
    return new CacheKey("GET", "http", "example.com", "/page-" + page, "miss=" + miss, Map.of());
  }

  @Test
  void aSmallStoreGetsASmallTableThatStillTellsOneOffKeysApart() {
    UseCounter small = new UseCounter(512 * 1024);
    for (int i = 0; i < 100_000; i++) {
      small.record(key("/seen-once-" + i));
    }

    assertThat(small.halvesEvery()).isEqualTo(512);
    assertThat(readAsAskedTwice(small, 1_000)).as("new keys read as asked for twice, of 1,000").isLessThan(50);
  }

  @Test
  void theTableGrowsWithTheStoreUpToItsLargestSize() {
    assertThat(new UseCounter(8L << 20).halvesEvery()).isEqualTo(4_096);
    assertThat(new UseCounter(SIXTY_FOUR_MEGABYTES).halvesEvery()).isEqualTo(32_768);
    assertThat(new UseCounter(8L << 30).halvesEvery()).isEqualTo(32_768);
  }

  @Test
  void aKeyAskedForTwiceWithinAHalvingCountsTwiceAmongManyOneOffKeys() {
    UseCounter uses = new UseCounter(SIXTY_FOUR_MEGABYTES);
    CacheKey again = key("/again");
    uses.record(again);
    for (int i = 0; i < uses.halvesEvery() / 2; i++) {
      uses.record(key("/one-off-" + i));
    }

    assertThat(uses.record(again)).isGreaterThanOrEqualTo(2);
  }

  private static int readAsAskedTwice(UseCounter uses, int newKeys) {
    int readAsTwice = 0;
    for (int i = 0; i < newKeys; i++) {
      if (uses.record(key("/new-" + i)) >= 2) {
        readAsTwice++;
      }
    }
    return readAsTwice;
  }
}
