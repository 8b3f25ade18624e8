package dev.surge.cache.spring.boot;

import dev.surge.cache.ByteSize;
import dev.surge.cache.Compression;
import java.util.List;
import java.util.Optional;
import org.springframework.util.unit.DataSize;

/**
 * Compressed variants of stored pages, under {@code surge.cache.compression.*}: each compressible page is
 * compressed once when stored and every hit is served the coding its client accepts (see {@link Compression}).
 * An option left unset keeps {@link Compression#defaults()}.
 */
public class CompressionSettings {

  /** Whether stored pages get compressed variants (default true). */
  private Boolean enabled;

  /** The codings kept, most preferred first, e.g. zstd, br, gzip (default every one available; zstd and br need surge-compression). */
  private List<String> codings;

  /** The smallest body compressed (default 256B). */
  private DataSize minimumSize;

  /** The media types compressed, replacing the defaults (default text/html, text/css, application/json and other text types). */
  private List<String> mediaTypes;

  /** The compression these settings give, or empty when none is set. */
  Optional<Compression> toCompression() {
    if (enabled == null && codings == null && minimumSize == null && mediaTypes == null) {
      return Optional.empty();
    }
    Compression.Builder builder = Compression.builder();
    SurgeCacheProperties.apply(enabled, builder::enabled);
    SurgeCacheProperties.apply(codings, list -> builder.codings(list.toArray(String[]::new)));
    SurgeCacheProperties.apply(minimumSize, size -> builder.minimumSize(ByteSize.ofBytes(size.toBytes())));
    SurgeCacheProperties.apply(mediaTypes, list -> builder.mediaTypes(list.toArray(String[]::new)));
    return Optional.of(builder.build());
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getCodings() {
    return codings;
  }

  public void setCodings(List<String> codings) {
    this.codings = codings;
  }

  public DataSize getMinimumSize() {
    return minimumSize;
  }

  public void setMinimumSize(DataSize minimumSize) {
    this.minimumSize = minimumSize;
  }

  public List<String> getMediaTypes() {
    return mediaTypes;
  }

  public void setMediaTypes(List<String> mediaTypes) {
    this.mediaTypes = mediaTypes;
  }
}
