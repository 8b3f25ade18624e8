package dev.surge.cache.spring;

import dev.surge.cache.contract.ContractApplication;
import dev.surge.cache.contract.ContractRequest;
import dev.surge.cache.contract.ContractResponse;
import dev.surge.cache.contract.RenderFailure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** Serves the adapter contract's application from one annotated Spring MVC handler method. */
@Controller
@CacheResponse
public class ContractController {

  private final ContractApplication app;

  /** A controller serving {@code app}. */
  public ContractController(ContractApplication app) {
    this.app = app;
  }

  /** Every path and method, answered as the contract's application renders it. */
  @RequestMapping("/**")
  public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    ContractResponse rendered;
    try {
      rendered = app.handle(new ContractRequest(request.getMethod(), request.getRequestURI(), headers,
          Optional.of(request.getRequestURL().toString())));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while rendering");
    }
    response.setStatus(rendered.status());
    rendered.headers().forEach(field -> response.addHeader(field.name(), field.value()));
    if (rendered.body().length > 0) {
      response.getOutputStream().write(rendered.body());
    }
    if (rendered.failsAfterBody()) {
      response.flushBuffer();
      throw new RenderFailure("the render broke off after writing part of the body");
    }
  }
}
