package dev.surge.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A small wiki: a fixed set of Markdown pages, generated from a seed, rendered to HTML with commonmark-java on
 * every request, the way a wiki without a page cache renders. A page costs about a millisecond or two of CPU.
 */
final class WikiSite implements PageSource {

  /** The path prefix of every page. */
  static final String PREFIX = "/wiki/page-";

  private static final String[] WORDS = {
    "surge", "cache", "render", "page", "request", "worker", "memory", "response", "immutable", "header",
    "latency", "throughput", "eviction", "generation", "markdown", "wiki", "client", "server", "policy", "key"
  };

  private final List<String> sources;
  private final Parser parser = Parser.builder().build();
  private final HtmlRenderer renderer = HtmlRenderer.builder().build();
  private final LongAdder renders = new LongAdder();
  private final AtomicIntegerArray rendersPerPage;

  WikiSite(int pages, long seed) {
    this(pages, seed, 8);
  }

  /** A wiki whose pages have {@code sections} sections each (one section renders to about 1.5 KB). */
  WikiSite(int pages, long seed, int sections) {
    SplittableRandom random = new SplittableRandom(seed);
    this.sources = new ArrayList<>(pages);
    this.rendersPerPage = new AtomicIntegerArray(pages);
    for (int page = 0; page < pages; page++) {
      sources.add(markdown(page, random, pages, sections));
    }
  }

  int pages() {
    return sources.size();
  }

  long renders() {
    return renders.sum();
  }

  /** How many times each page was rendered so far, by page number (page 0 is the most popular). */
  List<Integer> rendersPerPage() {
    List<Integer> counts = new ArrayList<>(rendersPerPage.length());
    for (int page = 0; page < rendersPerPage.length(); page++) {
      counts.add(rendersPerPage.get(page));
    }
    return List.copyOf(counts);
  }

  /** The rendered page for {@code path}, or empty when there is no such page. */
  @Override
  public Optional<byte[]> render(String path) {
    OptionalInt number = pageNumber(path);
    if (number.isEmpty()) {
      return Optional.empty();
    }
    int page = number.getAsInt();
    renders.increment();
    rendersPerPage.incrementAndGet(page);
    String body = renderer.render(parser.parse(sources.get(page)));
    String html = "<!doctype html><html><head>" + title(page) + "</head><body>" + body + "</body></html>";
    return Optional.of(html.getBytes(StandardCharsets.UTF_8));
  }

  /** The title element of page {@code page}, which its HTML holds within its first {@value #TITLE_WITHIN} characters. */
  static String title(int page) {
    return "<title>Page " + page + "</title>";
  }

  /** How far into a page its {@link #title} ends, at most. */
  static final int TITLE_WITHIN = 64;

  /** The number of the page at {@code path}, or empty when there is no such page. */
  OptionalInt pageNumber(String path) {
    if (!path.startsWith(PREFIX)) {
      return OptionalInt.empty();
    }
    int page;
    try {
      page = Integer.parseInt(path.substring(PREFIX.length()));
    } catch (NumberFormatException notAPage) {
      return OptionalInt.empty();
    }
    return page >= 0 && page < sources.size() ? OptionalInt.of(page) : OptionalInt.empty();
  }

  private static String markdown(int page, SplittableRandom random, int pages, int sections) {
    StringBuilder text = new StringBuilder("# Page ").append(page).append("\n\n");
    for (int section = 0; section < sections; section++) {
      text.append("## Section ").append(section).append("\n\n");
      for (int paragraph = 0; paragraph < 3; paragraph++) {
        for (int word = 0; word < 60; word++) {
          String w = WORDS[random.nextInt(WORDS.length)];
          switch (random.nextInt(12)) {
            case 0 -> text.append("**").append(w).append("** ");
            case 1 -> text.append('*').append(w).append("* ");
            case 2 -> text.append('[').append(w).append("](").append(PREFIX).append(random.nextInt(pages)).append(") ");
            case 3 -> text.append('`').append(w).append("` ");
            default -> text.append(w).append(' ');
          }
        }
        text.append("\n\n");
      }
      text.append("- ").append(WORDS[random.nextInt(WORDS.length)]).append("\n- ")
          .append(WORDS[random.nextInt(WORDS.length)]).append("\n\n");
    }
    return text.toString();
  }
}
