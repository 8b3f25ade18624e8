package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.CacheKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fading table of use counts behind {@code minimumUses}. */
class UseCounterTest {

  private static CacheKey key(String path) {
    return new CacheKey("GET", "http", "example.com", path, "", Map.of());
  }

  @Test
  void countsUsesOfAKeyUpToFifteen() {
    UseCounter uses = new UseCounter();
    CacheKey key = key("/a");

    assertThat(uses.count(key)).isZero();
    assertThat(uses.record(key)).isEqualTo(1);
    assertThat(uses.record(key)).isEqualTo(2);
    for (int i = 0; i < 20; i++) {
      uses.record(key);
    }
    assertThat(uses.count(key)).isEqualTo(15);
  }

  @Test
  void oldDemandFadesByHalfAfterManyRecords() {
    UseCounter uses = new UseCounter();
    CacheKey hot = key("/hot");
    CacheKey other = key("/other");
    for (int i = 0; i < 15; i++) {
      uses.record(hot);
    }
    assertThat(uses.count(other)).as("the two keys share no slot").isZero();

    for (long i = 15; i < UseCounter.HALVE_EVERY; i++) {
      uses.record(other);
    }

    assertThat(uses.count(hot)).isEqualTo(7);
  }

  @Test
  void keysAskedForOnceRarelyReadAsAskedForTwiceHoweverManyStreamThrough() {
    UseCounter uses = new UseCounter();
    for (int i = 0; i < 1_000_000; i++) {
      uses.record(key("/seen-once-" + i));
    }

    int readAsTwice = 0;
    for (int i = 0; i < 10_000; i++) {
      if (uses.record(key("/new-" + i)) >= 2) {
        readAsTwice++;
      }
    }

    assertThat(readAsTwice).as("new keys read as asked for twice, of 10,000").isLessThan(500);
  }

  @Test
  void aKeyAskedForTwiceWithinAHalvingCountsTwiceAmongManyOneOffKeys() {
    UseCounter uses = new UseCounter();
    CacheKey again = key("/again");
    uses.record(again);
    for (int i = 0; i < UseCounter.HALVE_EVERY / 2; i++) {
      uses.record(key("/one-off-" + i));
    }

    assertThat(uses.record(again)).isGreaterThanOrEqualTo(2);
  }
}
