package dev.surge.cache.contract;

import dev.surge.cache.ResponseHeaders.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The pages of the compression suite, under {@code /compress/}: {@code html/*} (an HTML page of about 8 KB
 * that names its path and render), {@code tagged} (the same with the strong {@code ETag "c1"}), {@code
 * image} (8 KB of an uncompressible type), and {@code app-gzip} (the application compresses itself: gzip
 * with {@code Content-Encoding} to a request whose {@code Accept-Encoding} names gzip, identity to others,
 * {@code Vary: Accept-Encoding} on both).
 */
public final class CompressionRoutes {

  /** The prefix of the routes. */
  public static final String PREFIX = "/compress/";
  private static final int PAGE_CHARACTERS = 8 * 1024;

  private CompressionRoutes() {}

  /** The identity body of {@code path} at {@code render}, as the application renders it. */
  public static byte[] page(String path, int render) {
    StringBuilder html = new StringBuilder("<!doctype html><html><head><title>").append(path)
        .append("</title></head><body><h1>render ").append(render).append("</h1><ul>");
    SplittableRandom random = new SplittableRandom(path.hashCode());
    String[] words = {"surge", "cache", "article", "comment", "<em>news</em>", "the", "of", "and", "reader"};
    while (html.length() < PAGE_CHARACTERS) {
      html.append("<li>").append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(1000))
          .append("</li>");
    }
    return html.append("</ul></body></html>").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code identity} gzipped, as an application or a filter in front of it would. */
  public static byte[] gzip(byte[] identity) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(identity);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return out.toByteArray();
  }

  static ContractResponse handle(ContractRequest request, int render) {
    String path = request.path();
    List<Field> headers = new ArrayList<>();
    if (path.equals(PREFIX + "image")) {
      headers.add(new Field("Content-Type", "image/png"));
      byte[] noise = new byte[PAGE_CHARACTERS];
      new SplittableRandom(render).nextBytes(noise);
      return new ContractResponse(200, headers, noise);
    }
    headers.add(new Field("Content-Type", "text/html;charset=utf-8"));
    byte[] page = page(path, render);
    if (path.equals(PREFIX + "tagged")) {
      headers.add(new Field("ETag", "\"c1\""));
    }
    if (path.equals(PREFIX + "app-gzip")) {
      headers.add(new Field("Vary", "Accept-Encoding"));
      if (request.header("Accept-Encoding").orElse("").contains("gzip")) {
        headers.add(new Field("Content-Encoding", "gzip"));
        return new ContractResponse(200, headers, gzip(page));
      }
    }
    return new ContractResponse(200, headers, page);
  }
}
