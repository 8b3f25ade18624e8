package dev.surge.cache.compression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.Compression;
import org.junit.jupiter.api.Test;

/** With this module on the class path, the core finds its coders by itself. */
class DiscoveryTest {

  @Test
  void theDefaultsPreferZstdThenBrotliThenGzip() {
    Compression compression = Compression.defaults();

    assertThat(compression.codings()).containsExactly("br", "zstd", "gzip");
    assertThat(compression.encoders().get(0)).isInstanceOf(BrotliCoder.class).hasToString("brotli quality 5");
    assertThat(compression.encoders().get(1)).isInstanceOf(ZstdCoder.class).hasToString("zstd level 6");
  }

  @Test
  void applicationEncodedZstdAndBrBodiesCanBeDecoded() {
    Compression compression = Compression.defaults();

    assertThat(compression.decoder("zstd")).containsInstanceOf(ZstdCoder.class);
    assertThat(compression.decoder("br")).containsInstanceOf(BrotliCoder.class);
  }

  @Test
  void aCoderAtAnotherLevelReplacesTheDiscoveredOne() {
    Compression compression = Compression.builder().coder(new ZstdCoder(19)).build();

    assertThat(compression.codings()).containsExactly("br", "zstd", "gzip");
    assertThat(compression.encoders().get(1)).hasToString("zstd level 19");
  }
}
