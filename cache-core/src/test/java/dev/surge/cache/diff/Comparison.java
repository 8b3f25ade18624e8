package dev.surge.cache.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a client received from the application behind Surge with what the same client received from
 * the application alone. Equal means: both failed, or the same status, the same header fields but those Surge
 * may add or that describe only the transfer ({@code Date}, {@code Age}, {@code Cache-Status}, an {@code ETag}
 * where the application set none, {@code Content-Length} and {@code Transfer-Encoding} on a hit, hop-by-hop
 * fields), and the same body bytes. A 304 Surge answers from its store may carry fields the application's own
 * 304 leaves out, with the full page's values. Session ids, which no two runs share, are compared by position and must
 * never reach two clients of one case. Where the application writes past the length it declared, the server
 * may cut the connection or send the declared bytes, either side either way, so long as no side sends more. A
 * compressed answer is compared as the identity answer it decodes to (see {@link ContentDecoding}).
 */
final class Comparison {

  private static final Set<String> TRANSFER_FIELDS =
      Set.of("date", "age", "cache-status", "connection", "keep-alive", "content-length", "transfer-encoding");
  private static final Pattern URL_SESSION = Pattern.compile(";jsessionid=([A-Za-z0-9._\\-]+)", Pattern.CASE_INSENSITIVE);
  /**
   * A session id in a link's path, as vertx-web's cookieless sessions carry it: {@code /(id)/}, or {@code /(id}
   * at the end of a body cut short there.
   */
  private static final Pattern PATH_SESSION = Pattern.compile("/\\(([A-Za-z0-9._\\-]+)(?=\\)/|\\)$|$)");
  private static final Pattern COOKIE_SESSION =
      Pattern.compile("^(JSESSIONID|SESSION|vertx-web\\.session)=([^;]*)", Pattern.CASE_INSENSITIVE);
  private static final String SESSION_FIELD = "x-auth-token";
  /** The fields a 304 carries (RFC 9110 §15.4.5), with {@code Last-Modified}, which caches also keep. */
  private static final Set<String> NOT_MODIFIED_FIELDS =
      Set.of("cache-control", "content-location", "etag", "expires", "vary", "last-modified");

  private final String plainAuthority;
  private final String surgeAuthority;
  /** Which client of the case got each session id, on the Surge side. */
  private final Map<String, String> sessionHolders = new HashMap<>();
  /** Whether the responses being compared carry a session id. */
  private boolean sawSession;
  /** Session ids found to reach a second client, reported with the response that showed it. */
  private final List<String> leaks = new ArrayList<>();

  /**
   * A comparison of the answers of the server at {@code plainAuthority} with those of the one at {@code
   * surgeAuthority}: each server's own authority (in an absolute {@code Location}, say) reads the same.
   */
  Comparison(String plainAuthority, String surgeAuthority) {
    this.plainAuthority = plainAuthority;
    this.surgeAuthority = surgeAuthority;
  }

  /**
   * The differences between {@code surge} and {@code plain} for {@code visitor}, empty when none. The body of
   * an error page the server or framework made (anything but plain text, which is all the generated
   * application writes) is not compared: it may show the call stack, which holds Surge's own frames, object
   * ids or a time stamp. When the case creates sessions
   * ({@code behaviour} creates sessions), a miss's {@code Content-Length} is not compared either: session ids
   * vary in length.
   */
  List<String> differences(
      Visitor visitor, Observed plain, Observed received, Behaviour behaviour, DiffRequest moment) {
    List<String> found = new ArrayList<>();
    sawSession = false;
    if (plain.failure().isPresent() || received.failure().isPresent()) {
      Observed answered = plain.failure().isPresent() ? received : plain;
      boolean serversChoice = behaviour.writesPastItsDeclaredLength() && sentOnlyTheDeclaredBytes(answered);
      if (plain.failure().isPresent() != received.failure().isPresent() && !serversChoice) {
        found.add("without Surge: " + plain.describe() + "; with Surge: " + received.describe());
      }
      return found;
    }
    ContentDecoding.Decoded identity = ContentDecoding.identityOf(visitor, plain, received);
    found.addAll(identity.problems());
    Observed surge = identity.surge();
    if (plain.status() != surge.status()) {
      found.add("status " + surge.status() + " instead of " + plain.status());
    }
    // Surge's own ETag is not compared where the application set none; on a 304 where the page has one, it is
    boolean ownTagAllowed = plain.status() != 304 || behaviour.etag(moment).isEmpty();
    Map<String, List<String>> expectedHeaders = comparableHeaders(plain, plain, null, ownTagAllowed);
    Map<String, List<String>> actualHeaders = comparableHeaders(surge, plain, visitor.name(), ownTagAllowed);
    if (plain.status() == 304) {
      expectedHeaders.keySet().retainAll(NOT_MODIFIED_FIELDS);
      actualHeaders.keySet().retainAll(NOT_MODIFIED_FIELDS);
      if (surge.status() == 304) {
        // A 304 Surge makes from its store carries the fields RFC 9110 §15.4.5 asks for, which the application's
        // own 304 may leave out: each such field must then be the one the full page carries at this moment.
        actualHeaders.entrySet().removeIf(field -> !expectedHeaders.containsKey(field.getKey())
            && behaviour.fullPageField(field.getKey(), moment).map(List::of).equals(Optional.of(field.getValue())));
      }
    }
    boolean errorPage = plain.status() >= 400
        && plain.first("content-type").filter(type -> type.startsWith("text/plain")).isEmpty();
    if (errorPage) {
      expectedHeaders.remove("content-length");
      actualHeaders.remove("content-length");
    }
    if (!expectedHeaders.equals(actualHeaders)) {
      found.add("header fields " + actualHeaders + " instead of " + expectedHeaders);
    }
    String expectedBody = comparableBody(plain, null);
    String actualBody = comparableBody(surge, visitor.name());
    if (!surge.isHit() && !errorPage && !sawSession && !behaviour.createsSession()) {
      if (!plain.first("content-length").equals(surge.first("content-length"))
          || plain.first("transfer-encoding").isPresent() != surge.first("transfer-encoding").isPresent()) {
        found.add("a miss framed as Content-Length " + surge.first("content-length").orElse("-")
            + " instead of " + plain.first("content-length").orElse("-"));
      }
    } else if (!visitor.method().equals("HEAD") && surge.status() != 304) {
      surge.first("content-length").filter(length -> Long.parseLong(length) != surge.body().length)
          .ifPresent(length -> found.add("a hit declares Content-Length " + length + " for " + surge.body().length
              + " bytes"));
    }
    if (!errorPage && !expectedBody.equals(actualBody)) {
      found.add("body differs at byte " + firstDifference(expectedBody, actualBody) + " (" + surge.body().length
          + " bytes instead of " + plain.body().length + ")");
    }
    if (visitor.method().equals("HEAD") && surge.body().length > 0) {
      found.add("a HEAD answered with a body");
    }
    if (surge.status() == 304 && surge.body().length > 0) {
      found.add("a 304 with a body");
    }
    found.addAll(leaks);
    leaks.clear();
    return found;
  }

  /** Whether {@code answer} is a miss with exactly the body bytes its {@code Content-Length} declares. */
  private static boolean sentOnlyTheDeclaredBytes(Observed answer) {
    return !answer.isHit() && answer.first("content-length")
        .filter(length -> Long.parseLong(length) == answer.body().length).isPresent();
  }

  private Map<String, List<String>> comparableHeaders(
      Observed response, Observed plain, String holder, boolean ownTagAllowed) {
    Map<String, List<String>> kept = new TreeMap<>();
    response.headers().forEach((name, values) -> {
      if (TRANSFER_FIELDS.contains(name) || (name.equals("etag") && plain.first("etag").isEmpty() && ownTagAllowed)) {
        return;
      }
      List<String> comparable = new ArrayList<>();
      String authority = holder == null ? plainAuthority : surgeAuthority;
      for (String value : values) {
        comparable.add(withoutSessionIds(name, value.replace(authority, "<server>"), holder));
      }
      kept.put(name, comparable);
    });
    return kept;
  }

  private String withoutSessionIds(String name, String value, String holder) {
    if (name.equals(SESSION_FIELD)) {
      note(value, holder);
      return "<session>";
    }
    if (name.equals("set-cookie")) {
      Matcher cookie = COOKIE_SESSION.matcher(value);
      if (cookie.find()) {
        note(cookie.group(2), holder);
        return cookie.group(1) + "=<session>" + value.substring(cookie.end());
      }
    }
    return replaceUrlSessions(value, holder);
  }

  /** The body as text in which session ids can be found: UTF-16 decoded, anything else byte for char. */
  private String comparableBody(Observed response, String holder) {
    boolean utf16 = response.first("content-type").filter(type -> type.toUpperCase(Locale.ROOT).contains("UTF-16")).isPresent();
    return replaceUrlSessions(new String(response.body(), utf16 ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1), holder);
  }

  private String replaceUrlSessions(String text, String holder) {
    return replaceSessions(PATH_SESSION, "/(<session>", replaceSessions(URL_SESSION, ";jsessionid=<session>", text, holder),
        holder);
  }

  private String replaceSessions(Pattern pattern, String replacement, String text, String holder) {
    Matcher session = pattern.matcher(text);
    StringBuilder replaced = new StringBuilder();
    while (session.find()) {
      note(session.group(1), holder);
      session.appendReplacement(replaced, Matcher.quoteReplacement(replacement));
    }
    session.appendTail(replaced);
    return replaced.toString();
  }

  /** Records that the client {@code holder} (on the Surge side; null on the other) received session {@code id}. */
  private void note(String id, String holder) {
    sawSession = true;
    if (holder == null || id.isEmpty()) {
      return;
    }
    Optional.ofNullable(sessionHolders.putIfAbsent(id, holder))
        .filter(first -> !first.equals(holder))
        .ifPresent(first -> leaks.add("session id " + id + " created for '" + first + "' reached '" + holder + "'"));
  }

  private static int firstDifference(String expected, String actual) {
    int common = Math.min(expected.length(), actual.length());
    for (int i = 0; i < common; i++) {
      if (expected.charAt(i) != actual.charAt(i)) {
        return i;
      }
    }
    return common;
  }
}
