package dev.surge.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Response bodies that compress the way real ones do, generated from a fixed seed so that every run measures
 * the same bytes: an article page of about 20 KB (page chrome repeated on every page, then English prose drawn
 * from a Zipf distribution over common words, links, a data table) and an API answer of about 5 KB (a list of
 * products whose field names repeat and whose values vary).
 */
final class SampleBodies {

  private static final String[] WORDS = (
      "the of and to a in is it you that he was for on are with as his they be at one have this from or had by "
      + "word but what some we can out other were all there when up use your how said an each she which do their "
      + "time if will way about many then them write would like so these her long make thing see him two has look "
      + "more day could go come did number sound no most people my over know water than call first who may down "
      + "side been now find any new work part take get place made live where after back little only round man "
      + "year came show every good me give our under name very through just form sentence great think say help "
      + "low line differ turn cause much mean before move right boy old too same tell does set three want air well "
      + "also play small end put home read hand port large spell add even land here must big high such follow act "
      + "why ask men change went light kind off need house picture try us again animal point mother world near "
      + "build self earth father head stand own page should country found answer school grow study still learn "
      + "plant cover food sun four between state keep eye never last let thought city tree cross farm hard start "
      + "might story saw far sea draw left late run while press close night real life few north open seem together "
      + "next white children begin got walk example ease paper group always music those both mark often letter "
      + "until mile river car feet care second book carry took science eat room friend began idea fish mountain "
      + "stop once base hear horse cut sure watch color face wood main enough plain girl usual young ready above "
      + "ever red list though feel talk bird soon body dog family direct pose leave song measure door product "
      + "black short numeral class wind question happen complete ship area half rock order fire south problem")
      .split(" ");

  private static final String[] SECTIONS = {"news", "science", "travel", "culture", "business", "sport", "opinion"};

  private SampleBodies() {}

  /** An article page of about {@code bytes} bytes of UTF-8 HTML. */
  static byte[] htmlPage(int bytes, long seed) {
    Prose prose = new Prose(seed);
    StringBuilder html = new StringBuilder(bytes + 2048);
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(prose.title()).append(" | The Daily Example</title>\n")
        .append("<meta name=\"description\" content=\"").append(prose.sentence()).append("\">\n")
        .append("<link rel=\"stylesheet\" href=\"/static/css/main.4f2a9c1e.css\">\n")
        .append("<link rel=\"icon\" href=\"/static/img/favicon.ico\">\n")
        .append("<script defer src=\"/static/js/app.8b31d07f.js\"></script>\n</head>\n<body class=\"article\">\n")
        .append("<header class=\"site-header\">\n<nav class=\"main-nav\">\n<ul>\n");
    for (String section : SECTIONS) {
      html.append("<li class=\"nav-item\"><a class=\"nav-link\" href=\"/").append(section).append("/\">")
          .append(capitalised(section)).append("</a></li>\n");
    }
    int day = 10 + prose.below(18);
    html.append("</ul>\n</nav>\n</header>\n<main id=\"content\">\n<article class=\"story\">\n<h1 class=\"headline\">")
        .append(prose.title()).append("</h1>\n<p class=\"byline\">By <a href=\"/authors/").append(prose.slug())
        .append("\">").append(prose.title()).append("</a> &middot; <time datetime=\"2024-03-").append(day)
        .append("\">March ").append(day).append(", 2024</time></p>\n");
    int articleEnd = bytes * 3 / 4;
    while (html.length() < articleEnd) {
      html.append("<h2>").append(prose.title()).append("</h2>\n");
      for (int paragraph = 1 + prose.below(4); paragraph > 0; paragraph--) {
        html.append("<p>").append(prose.paragraph()).append("</p>\n");
      }
      if (prose.below(3) == 0) {
        appendTable(html, prose);
      }
    }
    html.append("</article>\n<aside class=\"related\">\n<h2>Related stories</h2>\n<ul class=\"story-list\">\n");
    while (html.length() < bytes - 600) {
      String section = SECTIONS[prose.below(SECTIONS.length)];
      html.append("<li class=\"story-item\"><a class=\"story-link\" href=\"/").append(section).append('/')
          .append(prose.slug()).append("\">").append(prose.title()).append("</a> <span class=\"section\">")
          .append(capitalised(section)).append("</span></li>\n");
    }
    html.append("</ul>\n</aside>\n</main>\n<footer class=\"site-footer\">\n<p>&copy; 2024 The Daily Example. ")
        .append("All rights reserved.</p>\n<ul class=\"footer-links\"><li><a href=\"/about\">About</a></li>")
        .append("<li><a href=\"/contact\">Contact</a></li><li><a href=\"/privacy\">Privacy</a></li></ul>\n")
        .append("</footer>\n</body>\n</html>\n");
    return html.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An API answer of about {@code bytes} bytes of UTF-8 JSON: one page of a product listing. */
  static byte[] jsonDocument(int bytes, long seed) {
    Prose prose = new Prose(seed);
    StringBuilder json = new StringBuilder(bytes + 512).append("{\"page\":3,\"items\":[");
    int items = 0;
    while (json.length() < bytes - 300) {
      if (items++ > 0) {
        json.append(',');
      }
      int id = 104_000 + prose.below(9_000);
      json.append("{\"id\":").append(id).append(",\"sku\":\"SKU-").append(id * 7 % 100_000)
          .append("\",\"name\":\"").append(prose.title()).append("\",\"slug\":\"").append(prose.slug())
          .append("\",\"price\":{\"amount\":").append(String.format(Locale.ROOT, "%.2f", 2 + prose.below(20_000) / 100.0))
          .append(",\"currency\":\"EUR\"},\"in_stock\":").append(prose.below(5) > 0)
          .append(",\"rating\":").append(String.format(Locale.ROOT, "%.1f", 1 + prose.below(41) / 10.0))
          .append(",\"tags\":[\"").append(prose.word()).append("\",\"").append(prose.word())
          .append("\"],\"updated_at\":\"2024-0").append(1 + prose.below(9)).append('-').append(10 + prose.below(18))
          .append("T").append(10 + prose.below(13)).append(':').append(10 + prose.below(50)).append(":00Z\"")
          .append(",\"image\":\"https://img.example.com/p/").append(id).append("/main.jpg\"}");
    }
    json.append("],\"per_page\":").append(items).append(",\"total\":").append(1_000 + items)
        .append(",\"next\":\"/api/products?page=4\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendTable(StringBuilder html, Prose prose) {
    html.append("<table class=\"data\">\n<thead><tr><th>Region</th><th>2022</th><th>2023</th><th>Change</th></tr></thead>\n<tbody>\n");
    for (int row = 3 + prose.below(5); row > 0; row--) {
      int before = 1_000 + prose.below(90_000);
      int after = before * (80 + prose.below(41)) / 100;
      html.append("<tr><td>").append(capitalised(prose.word())).append("</td><td>").append(before)
          .append("</td><td>").append(after).append("</td><td>")
          .append(String.format(Locale.ROOT, "%+.1f%%", 100.0 * (after - before) / before)).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** Words drawn with Zipf frequencies (a few very common, a long tail), as in English text. */
  private static final class Prose {
    private final UniformRandomProvider random;
    private final DiscreteSampler zipf;

    Prose(long seed) {
      random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
      zipf = RejectionInversionZipfSampler.of(random, WORDS.length, 1.0);
    }

    int below(int bound) {
      return random.nextInt(bound);
    }

    String word() {
      return WORDS[zipf.sample() - 1];
    }

    String title() {
      StringBuilder title = new StringBuilder(capitalised(word()));
      for (int words = 2 + below(5); words > 0; words--) {
        title.append(' ').append(capitalised(word()));
      }
      return title.toString();
    }

    String slug() {
      return word() + '-' + word() + '-' + word() + '-' + (1_000 + below(9_000));
    }

    String sentence() {
      StringBuilder sentence = new StringBuilder(capitalised(word()));
      for (int words = 6 + below(14); words > 0; words--) {
        sentence.append(below(12) == 0 ? ", " : " ").append(word());
      }
      return sentence.append('.').toString();
    }

    String paragraph() {
      StringBuilder paragraph = new StringBuilder();
      for (int sentences = 2 + below(4); sentences > 0; sentences--) {
        switch (below(6)) {
          case 0 -> paragraph.append("<a href=\"/").append(SECTIONS[below(SECTIONS.length)]).append('/')
              .append(slug()).append("\">").append(sentence()).append("</a> ");
          case 1 -> paragraph.append("<strong>").append(sentence()).append("</strong> ");
          default -> paragraph.append(sentence()).append(' ');
        }
      }
      return paragraph.toString().stripTrailing();
    }
  }
}
