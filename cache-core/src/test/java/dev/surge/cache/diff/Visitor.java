package dev.surge.cache.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One client of a case: the method, the headers it sends and the body, if any. Clients differ in what a
 * shared cache must tell apart (credentials, a session cookie, a varied header, a request body) and in what it
 * must answer differently (HEAD, conditional requests).
 *
 * @param name a name for reports
 * @param method the request method
 * @param headers header names and values, alternating
 * @param body the request body, if it sends one
 * @param conditional whether it revalidates: its {@code If-None-Match} or {@code If-Modified-Since} is taken
 *     from the case's own validators when the request is made
 */
public record Visitor(String name, String method, List<String> headers, Optional<String> body, boolean conditional) {

  static Visitor get(String name, String... headers) {
    return new Visitor(name, "GET", List.of(headers), Optional.empty(), false);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The clients of one case, in an order drawn from {@code random}; an anonymous client comes first and last,
   * so that every case has a miss and a request after everything else.
   */
  public static List<Visitor> forCase(Random random) {
    List<Visitor> middle = new ArrayList<>(List.of(
        get("anonymous again"),
        get("German reader", "Accept-Language", "de"),
        get("alice", "Authorization", basic("alice")),
        get("bob", "Authorization", basic("bob")),
        get("holder of a session cookie", "Cookie", "JSESSIONID=0123456789ABCDEF"),
        get("holder of another cookie", "Cookie", "theme=dark"),
        get("browser accepting compression", "Accept-Encoding", "gzip, deflate, br, zstd"),
        get("client preferring gzip", "Accept-Encoding", "gzip;q=1, identity;q=0.5"),
        new Visitor("HEAD", "HEAD", List.of(), Optional.empty(), false),
        new Visitor("revalidating", "GET", List.of(), Optional.empty(), true),
        new Visitor("searching with a GET body", "GET", List.of("Content-Type", "text/plain"),
            Optional.of("q=alice's secret"), false)));
    Collections.shuffle(middle, random);
    List<Visitor> visitors = new ArrayList<>();
    visitors.add(get("anonymous"));
    visitors.addAll(middle);
    visitors.add(get("anonymous last"));
    return visitors;
  }
}
