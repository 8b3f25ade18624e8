package dev.surge.bench;

import dev.surge.cache.HttpCache;
import dev.surge.cache.spring.CacheResponse;
import dev.surge.cache.spring.EnableHttpCache;
import dev.surge.cache.spring.HttpCacheMvcConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The wiki as a Spring MVC controller (plain Spring, no Boot) on Jetty 12.1 (ee11); with Surge, the
 * controller's {@link CacheResponse} is honoured through {@link EnableHttpCache} and Surge's filter.
 */
final class SpringWikiServer extends JettyHostedServer {

  SpringWikiServer(PageSource site, Optional<HttpCache> cache) {
    super(site, cache);
  }

  @Override
  void configure(ServletContextHandler context) {
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(cache.isPresent() ? CachedWiki.class : PlainWiki.class);
    spring.addBeanFactoryPostProcessor(beans -> {
      beans.registerSingleton("pageSource", site);
      cache.ifPresent(c -> beans.registerSingleton("httpCache", c));
    });
    context.addEventListener(new ContextLoaderListener(spring));
    if (cache.isPresent()) {
      context.addFilter(new FilterHolder(new DelegatingFilterProxy(HttpCacheMvcConfiguration.FILTER_BEAN_NAME, spring)),
          "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/");
  }

  @Override
  public String adapter() {
    return "spring";
  }

  /** Spring MVC with the wiki controller only. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class PlainWiki {
    @Bean
    WikiController wikiController(PageSource site) {
      return new WikiController(site);
    }
  }

  /** The same, with Surge switched on. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @EnableHttpCache
  static class CachedWiki extends PlainWiki {}

  /** Renders a wiki page per request, or answers 304 when the source says the page asked for is current. */
  @Controller
  static class WikiController {
    private final PageSource site;

    WikiController(PageSource site) {
      this.site = site;
    }

    @GetMapping("/**")
    @CacheResponse
    ResponseEntity<byte[]> page(HttpServletRequest request) {
      PageAnswer answer = site.answer(request.getRequestURI(), Optional.ofNullable(request.getHeader("If-None-Match")));
      if (answer instanceof PageAnswer.Page page) {
        return ResponseEntity.ok().headers(fields -> page.headers().forEach(fields::set))
            .contentType(MediaType.TEXT_HTML).body(page.body());
      }
      if (answer instanceof PageAnswer.NotModified notModified) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
            .headers(fields -> notModified.headers().forEach(fields::set)).build();
      }
      return ResponseEntity.notFound().build();
    }
  }
}
