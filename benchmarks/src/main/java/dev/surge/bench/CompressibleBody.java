package dev.surge.bench;

import dev.surge.cache.Compression;
import dev.surge.cache.ContentCoder;
import dev.surge.cache.internal.ContentHash;
import dev.surge.cache.internal.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bodies of the harness's compression rows, generated from a fixed seed so that every run and every process
 * serves the same bytes: an article page of about 20 KB of HTML (head, navigation, paragraphs with links and
 * markup, a table, a sidebar, a footer) and a product listing of about 5 KB of JSON (the same fields in every
 * item, values drawn from small sets). Their repetition is that of such documents: markup and field names
 * repeat, the words and numbers between them vary.
 */
enum CompressibleBody {

  /** An article page, about 20 KB. */
  HTML("text/html;charset=utf-8") {
    @Override
    String generate(SplittableRandom random) {
      return ArticlePage.of(random, 20 * 1024);
    }
  },

  /** A page of a product listing API, about 5 KB. */
  JSON("application/json") {
    @Override
    String generate(SplittableRandom random) {
      return ProductListing.of(random, 5 * 1024);
    }
  };

  private static final long SEED = 20_261_207L;

  private final String contentType;
  private byte[] bytes;

  CompressibleBody(String contentType) {
    this.contentType = contentType;
  }

  abstract String generate(SplittableRandom random);

  /** The body's {@code Content-Type}. */
  String contentType() {
    return contentType;
  }

  /** The body's bytes (UTF-8), the same on every call and in every process; a copy. */
  synchronized byte[] bytes() {
    if (bytes == null) {
      bytes = generate(new SplittableRandom(SEED)).getBytes(StandardCharsets.UTF_8);
    }
    return bytes.clone();
  }

  /** The application of the compression rows: this body, uncompressed, for every path. */
  PageSource application() {
    return PageSource.constant(bytes(), Map.of("Content-Type", contentType));
  }

  /**
   * The limit of the compression rows: this body compressed once in {@code coding}, written for every path with
   * the fields a Surge hit of it carries ({@code Content-Encoding}, {@code Vary}, {@code Date}, the variant's
   * {@code ETag}, {@code Age}), so that only Surge's own work tells the two apart.
   */
  PageSource limit(String coding) {
    byte[] identity = bytes();
    ContentCoder coder = Compression.builder().codings(coding).build().encoders().get(0);
    return PageSource.constant(coder.encode(identity), Map.of(
        "Content-Type", contentType,
        "Content-Encoding", coder.coding(),
        "Vary", "Accept-Encoding",
        "Date", HttpDates.format(Instant.now()),
        "ETag", "\"" + ContentHash.of(identity) + "-" + coder.coding() + "\"",
        "Age", "0"));
  }

  /** An article page of about {@code size} bytes (UTF-8), the same in every process. */
  static byte[] article(int size) {
    return ArticlePage.of(new SplittableRandom(SEED), size).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code html} or {@code json}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The body named {@code label} ({@code html} or {@code json}). */
  static CompressibleBody named(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /**
   * Prose from a vocabulary of a few hundred words, drawn with a skew (the first words of the list come up most
   * often, as word frequencies do) and partly in phrases that recur through a document, as wording does.
   */
  private static final class Prose {
    private static final String[] WORDS = ("""
        the of and to in is that for it as was with be by on not he this are or his from at which but have an they
        you were her she there been one all we their has would when if so no will more can who what out up about
        into than them only some could other time these two may first then do any like my now over such our man me
        even most made after also did many before must through back years where much your way well down should
        because each just those people how too little state good very make world still own see men work long get
        here between both life being under never day same another know while last might us great old year off come
        since against go came right used take three cache server request response header latency memory browser
        network page render template query database index session client worker thread queue buffer socket stream
        thousand release version update deploy build test report metric traffic region storage object policy
        editor article reader comment author archive section chapter figure table summary detail method result
        morning evening market city council school river valley station museum garden bridge harbour festival
        weather forecast season winter summer spring autumn rain snow wind cloud sunlight coast mountain island
        village county minister election budget railway airport hospital library theatre stadium concert album
        quietly quickly slowly rarely often early later nearly almost rather fairly clearly simply usually
        important different possible available common recent local national public private small large early
        """).trim().split("\\s+");
    /** Where the nouns and other content words start in {@link #WORDS}. */
    private static final int CONTENT_WORDS = 150;

    private final SplittableRandom random;
    private final String[] phrases = new String[60];

    Prose(SplittableRandom random) {
      this.random = random;
      for (int i = 0; i < phrases.length; i++) {
        phrases[i] = words(2 + random.nextInt(4));
      }
    }

    String word() {
      return WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2.2))];
    }

    String noun() {
      return WORDS[CONTENT_WORDS + random.nextInt(WORDS.length - CONTENT_WORDS)];
    }

    String words(int count) {
      StringBuilder text = new StringBuilder(word());
      for (int i = 1; i < count; i++) {
        text.append(' ').append(word());
      }
      return text.toString();
    }

    String title(int count) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < count; i++) {
        text.append(i == 0 ? "" : " ").append(capitalized(i == 0 || random.nextInt(3) == 0 ? noun() : word()));
      }
      return text.toString();
    }

    String sentence() {
      StringBuilder text = new StringBuilder();
      int parts = 3 + random.nextInt(4);
      for (int i = 0; i < parts; i++) {
        text.append(i == 0 ? "" : " ").append(random.nextInt(10) < 6 ? phrases[random.nextInt(phrases.length)]
            : words(1 + random.nextInt(3)));
      }
      return capitalized(text.toString()) + (random.nextInt(8) == 0 ? "?" : ".");
    }

    String slug(int count) {
      StringBuilder text = new StringBuilder(noun());
      for (int i = 1; i < count; i++) {
        text.append('-').append(noun());
      }
      return text.toString();
    }

    int nextInt(int bound) {
      return random.nextInt(bound);
    }

    static String capitalized(String text) {
      return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
  }

  /** An article page of an ordinary news site: markup around prose, a figure or two, related links, comments. */
  private static final class ArticlePage {
    private static final String[] SECTIONS = {"News", "World", "Business", "Technology", "Science", "Health",
        "Sport", "Culture", "Opinion", "Travel", "Food", "Podcasts"};

    private ArticlePage() {}

    static String of(SplittableRandom random, int size) {
      Prose prose = new Prose(random);
      String title = prose.title(6);
      String slug = prose.slug(5);
      StringBuilder html = new StringBuilder(size + 2048);
      html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(title).append(" | The Daily Surge</title>\n")
          .append("<meta name=\"description\" content=\"").append(prose.sentence()).append("\">\n")
          .append("<meta property=\"og:title\" content=\"").append(title).append("\">\n")
          .append("<meta property=\"og:type\" content=\"article\">\n")
          .append("<meta property=\"og:url\" content=\"https://news.example/2026/11/").append(slug).append("\">\n")
          .append("<meta property=\"og:image\" content=\"https://news.example/media/2026/11/").append(slug)
          .append("-1200.jpg\">\n")
          .append("<link rel=\"canonical\" href=\"https://news.example/2026/11/").append(slug).append("\">\n")
          .append("<link rel=\"preload\" href=\"/assets/fonts/serif-regular.woff2\" as=\"font\" type=\"font/woff2\""
              + " crossorigin>\n")
          .append("<link rel=\"stylesheet\" href=\"/assets/site.4f2c9a1e.css\">\n")
          .append("<script defer src=\"/assets/app.9b31d07c.js\"></script>\n</head>\n")
          .append("<body class=\"article-page\">\n<header class=\"site-header\">\n")
          .append("<a class=\"logo\" href=\"/\">The Daily Surge</a>\n<nav class=\"main-nav\" aria-label=\"Sections\">"
              + "<ul class=\"nav-list\">\n");
      for (String section : SECTIONS) {
        html.append("<li class=\"nav-item\"><a class=\"nav-link\" href=\"/section/")
            .append(section.toLowerCase(Locale.ROOT)).append("\">").append(section).append("</a></li>\n");
      }
      html.append("</ul></nav>\n</header>\n<main class=\"container\">\n<article class=\"post\">\n")
          .append("<h1 class=\"post-title\">").append(title).append("</h1>\n")
          .append("<p class=\"post-meta\">By <a class=\"author-link\" href=\"/authors/").append(prose.slug(2))
          .append("\">").append(prose.title(2)).append("</a> &middot; <time datetime=\"2026-11-")
          .append(10 + prose.nextInt(18)).append("T0").append(prose.nextInt(10)).append(":15:00Z\">November ")
          .append(10 + prose.nextInt(18)).append(", 2026</time></p>\n");
      int tail = 4000;
      for (int section = 0; html.length() < size - tail; section++) {
        if (section > 0) {
          html.append("<h2 class=\"post-subtitle\" id=\"").append(prose.slug(3)).append("\">")
              .append(prose.title(4)).append("</h2>\n");
        }
        for (int paragraph = 0; paragraph < 3 && html.length() < size - tail; paragraph++) {
          html.append("<p class=\"post-text\">");
          int sentences = 2 + prose.nextInt(3);
          for (int s = 0; s < sentences; s++) {
            switch (prose.nextInt(6)) {
              case 0 -> html.append("<a class=\"inline-link\" href=\"/2026/11/").append(prose.slug(4)).append("\">")
                  .append(prose.sentence()).append("</a> ");
              case 1 -> html.append("<em>").append(prose.sentence()).append("</em> ");
              default -> html.append(prose.sentence()).append(' ');
            }
          }
          html.append("</p>\n");
        }
        switch (section % 3) {
          case 0 -> {
            String image = "/media/2026/11/" + prose.slug(3);
            html.append("<figure class=\"post-figure\"><img src=\"").append(image).append("-800.jpg\" srcset=\"")
                .append(image).append("-400.jpg 400w, ").append(image).append("-800.jpg 800w, ").append(image)
                .append("-1600.jpg 1600w\" sizes=\"(max-width: 800px) 100vw, 800px\" width=\"800\" height=\"450\""
                    + " loading=\"lazy\" alt=\"").append(prose.title(4)).append("\"><figcaption class=\"caption\">")
                .append(prose.sentence()).append("</figcaption></figure>\n");
          }
          case 1 -> {
            html.append("<table class=\"data-table\">\n<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">"
                + "Requests</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>\n");
            for (int row = 0; row < 5; row++) {
              html.append("<tr><td>").append(Prose.capitalized(prose.noun())).append("</td><td class=\"num\">")
                  .append(1000 + prose.nextInt(90000)).append("</td><td class=\"num\">").append(prose.nextInt(100))
                  .append('.').append(prose.nextInt(10)).append("%</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
          }
          default -> {
            html.append("<ul class=\"key-points\">\n");
            for (int item = 0; item < 4; item++) {
              html.append("<li class=\"key-point\">").append(prose.sentence()).append("</li>\n");
            }
            html.append("</ul>\n");
          }
        }
      }
      html.append("</article>\n<aside class=\"sidebar\">\n<h2 class=\"sidebar-title\">Related</h2>\n"
          + "<ul class=\"related\">\n");
      for (int i = 0; i < 8; i++) {
        html.append("<li class=\"related-item\"><a class=\"related-link\" href=\"/2026/11/").append(prose.slug(4))
            .append("\">").append(prose.title(5)).append("</a></li>\n");
      }
      html.append("</ul>\n</aside>\n<section class=\"comments\">\n<h2 class=\"comments-title\">Comments</h2>\n");
      for (int i = 0; html.length() < size - 700; i++) {
        String author = prose.slug(2);
        html.append("<div class=\"comment\" id=\"comment-").append(8100 + i).append("\"><img class=\"avatar\""
                + " src=\"/avatars/").append(author).append(".png\" width=\"32\" height=\"32\" alt=\"\">"
                + "<a class=\"comment-author\" href=\"/users/").append(author).append("\">").append(author)
            .append("</a> <time class=\"comment-time\">").append(1 + prose.nextInt(11)).append(" hours ago</time>"
                + "<p class=\"comment-text\">").append(prose.sentence()).append("</p></div>\n");
      }
      html.append("</section>\n</main>\n<footer class=\"site-footer\">\n<ul class=\"footer-links\">\n");
      for (String link : new String[] {"about", "contact", "privacy", "terms", "careers", "advertise"}) {
        html.append("<li class=\"footer-item\"><a class=\"footer-link\" href=\"/").append(link).append("\">")
            .append(Prose.capitalized(link)).append("</a></li>\n");
      }
      html.append("</ul>\n<p class=\"copyright\">&copy; 2026 The Daily Surge</p>\n</footer>\n</body>\n</html>\n");
      return html.toString();
    }
  }

  /** One page of a product listing, as a shop's API answers it. */
  private static final class ProductListing {
    private static final String[] CATEGORIES = {"kitchen", "garden", "office", "outdoor", "lighting", "storage"};
    private static final String[] COLOURS = {"black", "white", "oak", "steel", "green", "grey", "blue"};

    private ProductListing() {}

    static String of(SplittableRandom random, int size) {
      Prose prose = new Prose(random);
      StringBuilder json = new StringBuilder(size + 1024).append("{\"data\":[");
      int items = 0;
      String closing = "],\"meta\":{\"page\":3,\"perPage\":%d,\"total\":1342},\"links\":{\"self\":\"/api/v2/products?page=3\","
          + "\"next\":\"/api/v2/products?page=4\",\"prev\":\"/api/v2/products?page=2\"}}";
      while (json.length() < size - closing.length() - 10) {
        if (items > 0) {
          json.append(',');
        }
        int id = 48_000 + random.nextInt(9_000);
        json.append("{\"id\":").append(id)
            .append(",\"sku\":\"SKU-").append(id).append('-').append(COLOURS[random.nextInt(COLOURS.length)]
                .toUpperCase(Locale.ROOT)).append('"')
            .append(",\"name\":\"").append(prose.title(2 + random.nextInt(3))).append('"')
            .append(",\"category\":\"").append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append('"')
            .append(",\"price\":{\"amount\":").append(5 + random.nextInt(300)).append('.')
            .append(random.nextInt(10)).append('9').append(",\"currency\":\"EUR\"}")
            .append(",\"inStock\":").append(random.nextInt(5) != 0)
            .append(",\"rating\":").append(3 + random.nextInt(2)).append('.').append(random.nextInt(10))
            .append(",\"tags\":[\"").append(prose.noun()).append("\",\"").append(prose.noun()).append("\"]")
            .append(",\"updatedAt\":\"2026-11-").append(10 + random.nextInt(18)).append('T')
            .append(10 + random.nextInt(14)).append(':').append(10 + random.nextInt(50)).append(":00Z\"}");
        items++;
      }
      return json.append(String.format(Locale.ROOT, closing, items)).toString();
    }
  }
}
