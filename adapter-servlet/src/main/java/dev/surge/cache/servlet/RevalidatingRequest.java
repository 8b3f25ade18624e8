package dev.surge.cache.servlet;

import dev.surge.cache.ResponseHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request as the application sees it while the cache revalidates a stored response: its {@code
 * If-None-Match} and {@code If-Modified-Since} are the stored response's validators, whatever the client sent
 * (RFC 9111 §4.3.1); every other field is the client's.
 */
final class RevalidatingRequest extends HttpServletRequestWrapper {

  private final ResponseHeaders conditionalFields;

  RevalidatingRequest(HttpServletRequest request, ResponseHeaders conditionalFields) {
    super(request);
    this.conditionalFields = conditionalFields;
  }

  private static boolean isConditional(String name) {
    return name.equalsIgnoreCase("If-None-Match") || name.equalsIgnoreCase("If-Modified-Since");
  }

  @Override
  public String getHeader(String name) {
    return isConditional(name) ? conditionalFields.first(name).orElse(null) : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return isConditional(name) ? Collections.enumeration(conditionalFields.all(name)) : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = new ArrayList<>();
    for (Enumeration<String> own = super.getHeaderNames(); own.hasMoreElements(); ) {
      String name = own.nextElement();
      if (!isConditional(name)) {
        names.add(name);
      }
    }
    conditionalFields.forEach((name, value) -> names.add(name));
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    if (!isConditional(name)) {
      return super.getDateHeader(name);
    }
    String value = getHeader(name);
    if (value == null) {
      return -1;
    }
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException notADate) {
      throw new IllegalArgumentException("not a date: " + value, notADate);
    }
  }
}
