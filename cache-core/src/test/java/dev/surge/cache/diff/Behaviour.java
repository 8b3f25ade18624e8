package dev.surge.cache.diff;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the generated application does for one case, drawn from a seed by {@link BehaviourGenerator}. Every
 * adapter's differential application reads the same behaviour and acts it out with its own framework's API,
 * so the answer is a function of the request alone: the body depends only on the case, on the request
 * headers the response names in its {@code Vary}, on the request's credentials (then the response is never
 * {@code public}), and on the request body when {@link #echoesRequestBody()}.
 *
 * @param caseId the case number, also the last segment of the case's path ({@code /diff/{caseId}})
 * @param status the status of a full answer
 * @param output how the body is written: through a byte stream or a character writer (servlet only; others
 *     write the encoded bytes)
 * @param charset the charset of the {@code Content-Type} and of the writer
 * @param text the page's own text, which may hold characters {@code charset} cannot encode, or lone
 *     surrogates
 * @param bodyChars the number of characters the body is padded to
 * @param writeSize how many characters (or bytes) one write carries
 * @param flushAfterWrites after which writes (counted from 1) the application flushes
 * @param declaredLength the {@code Content-Length} the application declares for a stream body
 * @param cacheControl the {@code Cache-Control} it sends, if any
 * @param varyOnLanguage whether the body names {@code Accept-Language}, with {@code Vary: Accept-Language}
 * @param cookie how it sets a cookie, if it does
 * @param createsSession whether it creates a session and writes a link that carries it
 * @param failure whether and when rendering throws
 * @param ending how the response ends
 * @param echoesRequestBody whether the body names the request's body
 * @param echoesUser whether the body names the user of the request's {@code Authorization}
 * @param etag the entity-tag it sends and compares {@code If-None-Match} with, if any
 * @param lastModified the {@code Last-Modified} it sends and compares {@code If-Modified-Since} with, if any
 */
public record Behaviour(
    int caseId,
    int status,
    Output output,
    Charset charset,
    String text,
    int bodyChars,
    int writeSize,
    List<Integer> flushAfterWrites,
    DeclaredLength declaredLength,
    Optional<String> cacheControl,
    boolean varyOnLanguage,
    CookieKind cookie,
    boolean createsSession,
    Failure failure,
    Ending ending,
    boolean echoesRequestBody,
    boolean echoesUser,
    Optional<String> etag,
    Optional<String> lastModified) {

  /** The {@code Last-Modified} a case with a date sends. */
  public static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";

  /** How the body is written. */
  public enum Output { STREAM, WRITER }

  /** The {@code Content-Length} a stream body declares before it is written. */
  public enum DeclaredLength { NONE, RIGHT, SHORT, LONG }

  /** How a cookie is set. */
  public enum CookieKind { NONE, API, HEADER }

  /** Whether and when the render throws. */
  public enum Failure { NONE, BEFORE_WRITING, AFTER_PARTIAL_WRITE }

  /** How the response ends. */
  public enum Ending {
    /** The body is written and the handler returns. */
    NORMAL,
    /** An error page is sent through the framework ({@code sendError}, or the framework's failure path). */
    SEND_ERROR,
    /** A redirect is sent through the framework ({@code sendRedirect}, or a 302 with {@code Location}). */
    SEND_REDIRECT,
    /** The body is written from another thread after the handler returned (servlet async, a Vert.x timer). */
    ASYNC,
    /** The body is piped from a source that fails half-way (Vert.x; others end normally). */
    FAILING_PIPE
  }

  /** The path of this case. */
  public String path() {
    return "/diff/" + caseId;
  }

  /** The {@code Content-Type} the application sends. */
  public String contentType() {
    return "text/plain;charset=" + charset.name();
  }

  /**
   * The body text for {@code request}: the case's text and what the request may change (the varied
   * language, the user, the request body), padded with a pattern to at least {@link #bodyChars()} characters.
   * An application that creates a session appends a link carrying it.
   */
  public String bodyText(DiffRequest request) {
    StringBuilder body = new StringBuilder(bodyChars + 64);
    body.append("case ").append(caseId).append(": ").append(text);
    if (varyOnLanguage) {
      body.append(" lang=").append(request.header("Accept-Language").orElse("none"));
    }
    if (echoesUser) {
      body.append(" user=").append(request.user().orElse("anonymous"));
    }
    if (echoesRequestBody) {
      body.append(" searched=").append(request.body());
    }
    body.append(' ');
    for (int i = 0; body.length() < bodyChars; i++) {
      body.append((char) ('a' + i % 26));
    }
    return body.toString();
  }

  /** The body bytes for {@code request}, as a stream writes them: the text encoded with replacements. */
  public byte[] bodyBytes(DiffRequest request) {
    return bodyText(request).getBytes(charset);
  }

  /** The pieces a body is written in, each at most {@link #writeSize()} long. */
  public List<String> textWrites(String body) {
    List<String> writes = new ArrayList<>();
    for (int at = 0; at < body.length(); at += writeSize) {
      writes.add(body.substring(at, Math.min(body.length(), at + writeSize)));
    }
    return writes;
  }

  /** The pieces a byte body is written in, each at most {@link #writeSize()} long, as offset pairs. */
  public List<int[]> byteWrites(byte[] body) {
    List<int[]> writes = new ArrayList<>();
    for (int at = 0; at < body.length; at += writeSize) {
      writes.add(new int[] {at, Math.min(body.length, at + writeSize) - at});
    }
    return writes;
  }

  /**
   * Whether the application writes more bytes than it declared. A container then either sends the declared
   * bytes or cuts the connection, and which one may depend on timing (Jetty cuts a large body now and then):
   * the one choice the generated application leaves to the server.
   */
  public boolean writesPastItsDeclaredLength() {
    return output == Output.STREAM && declaredLength == DeclaredLength.LONG;
  }

  /** The {@code Content-Length} to declare for {@code body}, if the case declares one. */
  public Optional<Long> declaredLengthFor(byte[] body) {
    return switch (declaredLength) {
      case NONE -> Optional.empty();
      case RIGHT -> Optional.of((long) body.length);
      case SHORT -> Optional.of(body.length + 10L);
      case LONG -> Optional.of((long) Math.max(0, body.length - 3));
    };
  }

  /**
   * Whether the application answers {@code request} with 304 (RFC 9110 §13.1.2 and §13.2.2): its {@code
   * If-None-Match} lists the case's entity-tag (weak comparison) or {@code *}; or, without {@code
   * If-None-Match}, its {@code If-Modified-Since} is the case's {@code Last-Modified}. Only a 2xx page that
   * the application renders itself does (not an error or redirect sent through the framework, nor a render
   * that fails): preconditions are evaluated before the body goes out, however it ends.
   */
  public boolean answersNotModified(DiffRequest request) {
    boolean sentThroughTheFramework = ending == Ending.SEND_ERROR || ending == Ending.SEND_REDIRECT;
    if (status < 200 || status > 299 || sentThroughTheFramework || failure != Failure.NONE) {
      return false;
    }
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch.isPresent()) {
      return etag.isPresent() && matchesWeakly(ifNoneMatch.get(), etag.get());
    }
    return lastModified.isPresent() && request.header("If-Modified-Since").filter(lastModified.get()::equals).isPresent();
  }

  private static boolean matchesWeakly(String ifNoneMatch, String etag) {
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String member : ifNoneMatch.split(",")) {
      String tag = member.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  /** A short description, printed with a failing case. */
  public String describe() {
    return "case " + caseId + " [" + status + " " + output + " " + charset.name() + " " + bodyChars + " chars in "
        + writeSize + "s flush" + flushAfterWrites + " length=" + declaredLength + " cc=" + cacheControl.orElse("-")
        + (varyOnLanguage ? " vary" : "") + " cookie=" + cookie + (createsSession ? " session" : "") + " failure="
        + failure + " ending=" + ending + (echoesRequestBody ? " echoes-body" : "") + (echoesUser ? " echoes-user" : "")
        + etag.map(tag -> " etag=" + tag).orElse("") + lastModified.map(date -> " last-modified").orElse("")
        + " text=" + printable(text) + "]";
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 40; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }
}
