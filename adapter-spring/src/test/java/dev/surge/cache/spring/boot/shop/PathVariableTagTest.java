package dev.surge.cache.spring.boot.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.spring.boot.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tag template's {@code {name}} is filled with the path variable as the handler receives it: converted to
 * the parameter's type and written back as text, so {@code /issues/042} and {@code /issues/42} both carry
 * {@code issue:42}, the tag an application purges when issue 42 changes.
 */
class PathVariableTagTest {

  private static RunningApplication shop;

  @BeforeAll
  static void start() {
    shop = RunningApplication.start(ShopApplication.class);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  private void cache(String path) throws Exception {
    long settled = shop.settled();
    shop.get(path);
    shop.awaitSettledBeyond(settled);
  }

  @Test
  void tagOfATypedPathVariableHoldsTheConvertedValue() throws Exception {
    cache("/issues/042");

    int purged = shop.cache().invalidateTag("issue:42");

    assertThat(purged).isEqualTo(1);
    assertThat(shop.get("/issues/042").body()).isEqualTo("issue 42, render 2");
  }

  @Test
  void tagOfATextPathVariableHoldsItAsRequested() throws Exception {
    cache("/labels/Bug");

    assertThat(shop.cache().invalidateTag("label:Bug")).isEqualTo(1);
  }
}
