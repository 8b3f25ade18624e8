package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpCacheBuilderTest {

  @Test
  void defaultsBuild() {
    HttpCache cache = HttpCache.builder().build();

    assertThat(cache.stats().entries()).isZero();
    assertThat(cache.stats().hitRatio()).isZero();
  }

  @Test
  void eachBadValueFailsAtOnceNamingItsOption() {
    assertThatThrownBy(() -> HttpCache.builder().maximumTtl(Duration.ZERO)).hasMessageContaining("maximumTtl");
    assertThatThrownBy(() -> HttpCache.builder().defaultTtl(Duration.ofSeconds(-1))).hasMessageContaining("defaultTtl");
    assertThatThrownBy(() -> HttpCache.builder().maximumBytes(ByteSize.ofBytes(0))).hasMessageContaining("maximumBytes");
    assertThatThrownBy(() -> HttpCache.builder().maximumEntryBytes(ByteSize.ofBytes(0)))
        .hasMessageContaining("maximumEntryBytes");
    assertThatThrownBy(() -> HttpCache.builder().maximumEntries(0)).hasMessageContaining("maximumEntries");
    assertThatThrownBy(() -> HttpCache.builder().recycleAfterRequests(0)).hasMessageContaining("recycleAfterRequests");
    assertThatThrownBy(() -> HttpCache.builder().recycleAfter(Duration.ZERO)).hasMessageContaining("recycleAfter");
    assertThatThrownBy(() -> HttpCache.builder().coalescingTimeout(Duration.ofMillis(-1)))
        .hasMessageContaining("coalescingTimeout");
    assertThatThrownBy(() -> HttpCache.builder().cacheableStatuses(Set.of(42))).hasMessageContaining("cacheableStatuses");
    assertThatThrownBy(() -> HttpCache.builder().trustedForwardingHeaders(Set.of("Bad Header")))
        .hasMessageContaining("trustedForwardingHeaders");
    assertThatThrownBy(() -> HttpCache.builder().maximumKeyLength(10)).hasMessageContaining("maximumKeyLength");
    assertThatThrownBy(() -> HttpCache.builder().tagHeader("a b")).hasMessageContaining("tagHeader");
    assertThatThrownBy(() -> HttpCache.builder().minimumUses(0)).hasMessageContaining("minimumUses");
    assertThatThrownBy(() -> HttpCache.builder().minimumUses(16)).hasMessageContaining("minimumUses");
  }

  @Test
  void contradictoryOptionsFailOnBuildNamingBoth() {
    assertThatThrownBy(() -> HttpCache.builder().defaultTtl(Duration.ofHours(2)).maximumTtl(Duration.ofHours(1)).build())
        .hasMessageContaining("defaultTtl").hasMessageContaining("maximumTtl");
    assertThatThrownBy(() -> HttpCache.builder()
            .maximumBytes(ByteSize.ofMegabytes(1)).maximumEntryBytes(ByteSize.ofMegabytes(1)).build())
        .hasMessageContaining("maximumEntryBytes").hasMessageContaining("maximumBytes");
  }

  @Test
  void purgeOfANonHttpUriIsRefusedWithTheUri() {
    HttpCache cache = HttpCache.builder().build();

    assertThatThrownBy(() -> cache.invalidate(java.net.URI.create("ftp://example.com/x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://example.com/x");
  }
}
