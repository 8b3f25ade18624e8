package dev.surge.cache;

import com.google.common.base.Ascii;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.surge.cache.internal.GzipCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which compressed variants the cache keeps of a stored response, and which application-encoded bodies it can
 * decode. A compressible response (its media type listed, its body at least {@link #minimumSize()}, no {@code
 * Content-Encoding} of its own, no {@code Cache-Control: no-transform}) is stored with one variant per coding
 * in {@link #codings()} that comes out smaller than the body; each is compressed once, when the response is
 * stored, and its bytes count against the store's maximum bytes. Each hit then serves the variant the
 * request's {@code Accept-Encoding} prefers (RFC 9110 §12.5.3), with its own {@code Content-Length} and
 * {@code ETag} and {@code Vary: Accept-Encoding}; a request without {@code Accept-Encoding} gets the
 * identity body.
 *
 * <p>A response the application encoded itself (one {@code Content-Encoding} the cache can decode) is stored
 * as it is, with its identity body decoded once beside it for clients that do not accept its coding; with
 * compression on, one the cache cannot decode is not stored. Immutable and thread-safe.
 */
public final class Compression {

  private static final Logger LOG = LoggerFactory.getLogger(Compression.class);
  /** The codings the cache prefers when a client accepts several equally: smaller bodies first. */
  private static final List<String> PREFERENCE = List.of("br", "zstd", "gzip");
  private static final ImmutableSet<String> DEFAULT_MEDIA_TYPES =
      ImmutableSet.of(
          "text/html", "text/plain", "text/css", "text/csv", "text/xml", "text/javascript", "text/markdown",
          "application/javascript", "application/json", "application/xml", "application/xhtml+xml",
          "application/rss+xml", "application/atom+xml", "application/ld+json", "application/problem+json",
          "application/manifest+json", "application/wasm", "image/svg+xml");
  private static final ByteSize DEFAULT_MINIMUM_SIZE = ByteSize.ofBytes(256);
  private static final Compression OFF =
      new Compression(false, ImmutableList.of(), ImmutableMap.of(), ImmutableSet.of(), DEFAULT_MINIMUM_SIZE);

  private final boolean enabled;
  private final ImmutableList<ContentCoder> encoders;
  private final ImmutableMap<String, ContentCoder> decoders;
  private final ImmutableSet<String> mediaTypes;
  private final ByteSize minimumSize;

  private Compression(
      boolean enabled,
      ImmutableList<ContentCoder> encoders,
      ImmutableMap<String, ContentCoder> decoders,
      ImmutableSet<String> mediaTypes,
      ByteSize minimumSize) {
    this.enabled = enabled;
    this.encoders = encoders;
    this.decoders = decoders;
    this.mediaTypes = mediaTypes;
    this.minimumSize = minimumSize;
  }

  /** No compressed variants, and application-encoded bodies stored as they are, never decoded. */
  public static Compression off() {
    return OFF;
  }

  /**
   * Every coding available (gzip, and br and zstd when {@code surge-compression} is on the class path),
   * preferred, when a client accepts several equally, in the order of the bytes they save: br, zstd, gzip; the usual text media types; bodies of 256 bytes and more.
   */
  public static Compression defaults() {
    return builder().build();
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the cache keeps compressed variants and decodes application-encoded bodies. */
  public boolean enabled() {
    return enabled;
  }

  /** The codings of the variants kept, in the order preferred when a client accepts several equally. */
  public List<String> codings() {
    return encoders.stream().map(ContentCoder::coding).toList();
  }

  /** The coders that make the variants, in {@link #codings()} order. */
  public List<ContentCoder> encoders() {
    return encoders;
  }

  /** The coder that decodes a body of {@code coding} (lower case), if one is available. */
  public Optional<ContentCoder> decoder(String coding) {
    return Optional.ofNullable(decoders.get(coding));
  }

  /** The media types (lower case, without parameters) whose responses are compressed. */
  public Set<String> mediaTypes() {
    return mediaTypes;
  }

  /** The smallest body that is compressed. */
  public ByteSize minimumSize() {
    return minimumSize;
  }

  /**
   * Whether a body with {@code contentType} (a {@code Content-Type} value, parameters allowed) is of a
   * compressible media type.
   */
  public boolean compressible(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = Ascii.toLowerCase((semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim());
    return mediaTypes.contains(mediaType);
  }

  @Override
  public String toString() {
    return enabled ? "compression " + String.join(", ", codings()) + " from " + minimumSize : "compression off";
  }

  /** Every coder available here, found once: the built-in gzip and those the class path provides. */
  private static Map<String, ContentCoder> availableCoders() {
    return AvailableCoders.CODERS;
  }

  /** Holds the coders found when first asked for (a class initialised on first use). */
  private static final class AvailableCoders {
    private static final ImmutableMap<String, ContentCoder> CODERS =
        ImmutableMap.copyOf(find(Compression.class.getClassLoader()));

    private AvailableCoders() {}
  }

  /** The built-in gzip and the coders {@code loader} provides; those that cannot load are left out. */
  static Map<String, ContentCoder> find(ClassLoader loader) {
    Map<String, ContentCoder> coders = new LinkedHashMap<>();
    coders.put("gzip", new GzipCoder());
    Iterator<ContentCoder> providers = ServiceLoader.load(ContentCoder.class, loader).iterator();
    while (true) {
      try { // a provider whose class, dependencies or native library cannot load fails here, not the cache
        if (!providers.hasNext()) {
          return coders;
        }
        ContentCoder coder = providers.next();
        coders.put(Ascii.toLowerCase(coder.coding()), coder);
      } catch (ServiceConfigurationError | LinkageError unavailable) {
        LOG.warn("a content coder is unavailable here and not used: {}", unavailable.toString());
      }
    }
  }

  /** Builds a {@link Compression}; starts from {@link #defaults()}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ContentCoder> available = new LinkedHashMap<>(availableCoders());
    private boolean enabled = true;
    private List<String> codings;
    private Set<String> mediaTypes = DEFAULT_MEDIA_TYPES;
    private ByteSize minimumSize = DEFAULT_MINIMUM_SIZE;

    private Builder() {
      codings = new ArrayList<>();
      for (String coding : PREFERENCE) {
        if (available.containsKey(coding)) {
          codings.add(coding);
        }
      }
      available.keySet().stream().filter(coding -> !codings.contains(coding)).forEach(codings::add);
    }

    /** Whether compression is on; true by default. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The codings to keep variants in, most preferred first, each one available here.
     *
     * @throws IllegalArgumentException for a coding no coder here provides (zstd and br need the {@code
     *     surge-compression} module)
     */
    public Builder codings(String... codings) {
      List<String> chosen = new ArrayList<>();
      for (String coding : codings) {
        String lower = Ascii.toLowerCase(coding.trim());
        Preconditions.checkArgument(available.containsKey(lower),
            "no coder for content coding '%s' here (available: %s; zstd and br come with surge-compression)",
            coding, available.keySet());
        if (!chosen.contains(lower)) {
          chosen.add(lower);
        }
      }
      this.codings = chosen;
      return this;
    }

    /** Adds (or replaces, by its coding) a coder, which becomes available to {@link #codings} and decoding. */
    public Builder coder(ContentCoder coder) {
      String coding = Ascii.toLowerCase(coder.coding());
      Preconditions.checkArgument(!coding.equals("identity") && !coding.isEmpty(), "not a content coding: %s", coding);
      available.put(coding, coder);
      if (!codings.contains(coding)) {
        codings.add(coding);
      }
      return this;
    }

    /** The media types to compress, e.g. {@code text/html}; replaces the defaults. */
    public Builder mediaTypes(String... mediaTypes) {
      this.mediaTypes = Arrays.stream(mediaTypes).map(type -> Ascii.toLowerCase(type.trim())).collect(
          ImmutableSet.toImmutableSet());
      return this;
    }

    /** The smallest body compressed; 256 bytes by default. */
    public Builder minimumSize(ByteSize size) {
      this.minimumSize = Preconditions.checkNotNull(size, "size");
      return this;
    }

    /** The immutable settings. */
    public Compression build() {
      if (!enabled) {
        return OFF;
      }
      ImmutableList<ContentCoder> encoders = codings.stream().map(available::get).collect(ImmutableList.toImmutableList());
      Map<String, ContentCoder> decoders = new LinkedHashMap<>(available);
      decoders.put("x-gzip", available.get("gzip")); // RFC 9110 §8.4.1.3: the same coding
      return new Compression(true, encoders, ImmutableMap.copyOf(decoders), ImmutableSet.copyOf(mediaTypes), minimumSize);
    }
  }
}
