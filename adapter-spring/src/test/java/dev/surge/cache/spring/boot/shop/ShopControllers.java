package dev.surge.cache.spring.boot.shop;

import dev.surge.cache.spring.CacheResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Handlers whose response depends on request headers through Spring MVC's routing, each counting renders. */
final class ShopControllers {

  private ShopControllers() {}

  /** One URL, two handlers: a cached page without {@code produces}, and an uncached JSON sibling with it. */
  @Controller
  static class Items {
    final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/items")
    @CacheResponse(ttl = "5m")
    String page(Model model) {
      model.addAttribute("title", "items");
      model.addAttribute("render", renders.incrementAndGet());
      return "page";
    }

    @GetMapping(value = "/items", produces = "application/json")
    @ResponseBody
    Map<String, Object> json() {
      return Map.of("items", "json", "render", renders.incrementAndGet());
    }
  }

  /** A cached report written by whichever message converter the request's {@code Accept} selects. */
  @RestController
  static class Reports {
    final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/reports/today")
    @CacheResponse(ttl = "5m")
    Report today() {
      return new Report("today", renders.incrementAndGet());
    }
  }

  /** A cached home page with an absolute link, built from the host, scheme, port and path the request shows. */
  @RestController
  static class Home {
    final AtomicInteger renders = new AtomicInteger();

    @GetMapping("/home")
    @CacheResponse(ttl = "5m")
    String home() {
      return "login at " + ServletUriComponentsBuilder.fromCurrentContextPath().path("/login").toUriString()
          + ", render " + renders.incrementAndGet();
    }
  }

  /** Cached issues, tagged by their number as the handler receives it, and by their raw label. */
  @RestController
  static class Issues {
    final AtomicInteger issueRenders = new AtomicInteger();
    final AtomicInteger labelRenders = new AtomicInteger();

    @GetMapping("/issues/{number}")
    @CacheResponse(ttl = "5m", tags = "issue:{number}")
    String issue(@PathVariable int number) {
      return "issue " + number + ", render " + issueRenders.incrementAndGet();
    }

    @GetMapping("/labels/{label}")
    @CacheResponse(ttl = "5m", tags = "label:{label}")
    String label(@PathVariable String label) {
      return "label " + label + ", render " + labelRenders.incrementAndGet();
    }
  }

  /** A report. */
  record Report(String name, int render) {}

  /** Writes a {@link Report} as {@code text/csv}; JSON comes from Boot's Jackson converter. */
  @Component
  static class CsvReportConverter extends AbstractHttpMessageConverter<Report> {
    CsvReportConverter() {
      super(StandardCharsets.UTF_8, new MediaType("text", "csv"));
    }

    @Override
    protected boolean supports(Class<?> type) {
      return Report.class.equals(type);
    }

    @Override
    protected Report readInternal(Class<? extends Report> type, HttpInputMessage input) {
      throw new UnsupportedOperationException("reports are only written");
    }

    @Override
    protected void writeInternal(Report report, HttpOutputMessage output) throws IOException {
      output.getBody().write((report.name() + "," + report.render()).getBytes(StandardCharsets.UTF_8));
    }
  }
}
