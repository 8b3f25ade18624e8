package dev.surge.cache.diff;

import java.nio.charset.Charset;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param etag the entity-tag it sends at the case's first moment, if any (see {@link #etag(DiffRequest)})
 * @param lastModified the {@code Last-Modified} it sends at the case's first moment, if any (see {@link
 *     #lastModified(DiffRequest)})
 * @param revision how the page changes from one moment of the case to the next
 * @param notModifiedForm which fields its 304 carries
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
    Optional<String> lastModified,
    Revision revision,
    NotModifiedForm notModifiedForm) {

  /** The {@code Last-Modified} a case with a date sends. */
  public static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";

  /** The field that names the moment of a page whose {@link Revision} is {@code FIELD}. */
  public static final String REVISION_FIELD = "X-Revision";

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /**
   * How the page changes from one moment of its case to the next ({@link DiffRequest#moment()}). The suite
   * moves to the next moment only once every stored page is stale, so a cache that revalidates sees the
   * change; the body and every field stay the same within a moment.
   */
  public enum Revision {
    /** Nothing changes. */
    STEADY,
    /** The page and its 304s carry {@value #REVISION_FIELD} naming the moment: a 304 changes a stored field. */
    FIELD,
    /** From moment 1 on, the text names the moment and the validators are new at each moment: no 304 matches. */
    CONTENT,
    /**
     * From moment 1 on, the entity-tag has the other strength ({@code "v1"} becomes {@code W/"v1"} and the
     * other way round), and nothing else changes: a 304 for the stored tag names another tag that matches it
     * weakly (RFC 9110 §8.8.3.2), as an application does that moves from strong to weak tags or back.
     */
    TAG_STRENGTH
  }

  /**
   * Which fields the application's 304 carries besides {@value #REVISION_FIELD}, its cookies and validators
   * that changed since the first moment (see {@link #notModifiedCarriesValidators}). It never
   * carries a field the full page at the same moment would not carry, nor another value of one: a field set
   * on 304s alone would be added to the stored page by any cache that follows RFC 9111 §4.3.4, and reach
   * clients that never get it without the cache, so that is the application's inconsistency, not the cache's.
   */
  public enum NotModifiedForm {
    /** Every field of the full page but the body's ({@code Content-Type} included, as servlets keep it). */
    FULL,
    /** Every field of the full page but {@code ETag} and {@code Last-Modified}. */
    WITHOUT_VALIDATORS,
    /** None of the full page's fields but those that change with the moment. */
    CHANGES_ONLY;

    /** Whether the 304 carries {@code ETag} and {@code Last-Modified}. */
    public boolean carriesValidators() {
      return this == FULL;
    }

    /** Whether the 304 carries {@code Content-Type}, {@code Cache-Control} and {@code Vary}. */
    public boolean carriesMetadata() {
      return this != CHANGES_ONLY;
    }
  }

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
    if (revision == Revision.CONTENT && request.moment() > 0) {
      body.append(" rev").append(request.moment());
    }
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

  /** The entity-tag of the page at {@code request}'s moment, if it has one. */
  public Optional<String> etag(DiffRequest request) {
    int moment = request.moment();
    if (moment == 0 || (revision != Revision.CONTENT && revision != Revision.TAG_STRENGTH)) {
      return etag;
    }
    return etag.map(tag -> revision == Revision.TAG_STRENGTH
        ? (tag.startsWith("W/") ? tag.substring(2) : "W/" + tag)
        : tag.substring(0, tag.length() - 1) + "." + moment + "\"");
  }

  /** The {@code Last-Modified} of the page at {@code request}'s moment, if it has one: a day later each moment. */
  public Optional<String> lastModified(DiffRequest request) {
    if (request.moment() == 0 || revision != Revision.CONTENT) {
      return lastModified;
    }
    return lastModified.map(date -> IMF_FIXDATE.format(
        ZonedDateTime.parse(date, IMF_FIXDATE).plusDays(request.moment())));
  }

  /**
   * Whether the application's 304 to {@code request} carries {@code ETag} and {@code Last-Modified}: when its
   * {@link #notModifiedForm} says so, and always once they differ from the first moment's. A 304 must carry
   * the validators the full page would (RFC 9110 §15.4.5); one that leaves out a changed tag would have a cache
   * keep the stale one, the application's inconsistency.
   */
  public boolean notModifiedCarriesValidators(DiffRequest request) {
    return notModifiedForm.carriesValidators() || !etag(request).equals(etag) || !lastModified(request).equals(lastModified);
  }

  /** The value of {@value #REVISION_FIELD} at {@code request}'s moment, if the page carries one. */
  public Optional<String> revisionField(DiffRequest request) {
    return revision == Revision.FIELD ? Optional.of("r" + request.moment()) : Optional.empty();
  }

  /**
   * The value of the field {@code name} (lower case) that the full page carries at {@code request}'s moment
   * among those a 304 may carry ({@code Cache-Control}, {@code ETag}, {@code Last-Modified}, {@code Vary}), if
   * it carries one.
   */
  public Optional<String> fullPageField(String name, DiffRequest request) {
    return switch (name) {
      case "cache-control" -> cacheControl;
      case "etag" -> etag(request);
      case "last-modified" -> lastModified(request);
      case "vary" -> varyOnLanguage ? Optional.of("Accept-Language") : Optional.empty();
      default -> Optional.empty();
    };
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
   * If-None-Match} lists the page's entity-tag at the request's moment (weak comparison) or {@code *}; or,
   * without {@code If-None-Match}, its {@code If-Modified-Since} is the page's {@code Last-Modified} then. Only a 2xx page that
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
      Optional<String> current = etag(request);
      return current.isPresent() && matchesWeakly(ifNoneMatch.get(), current.get());
    }
    Optional<String> current = lastModified(request);
    return current.isPresent() && request.header("If-Modified-Since").filter(current.get()::equals).isPresent();
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
        + " revision=" + revision + " 304=" + notModifiedForm
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
