package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HttpCache;
import dev.surge.cache.diff.DifferentialSuite;
import dev.surge.cache.diff.Observed;
import dev.surge.cache.diff.Visitor;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The differential transparency suite through proxy mode, on each forwarder: the generated application is a
 * raw-socket origin ({@link DiffOrigin}); the plain side is one such origin served directly, the Surge side is
 * proxy mode ({@link ProxyCommand#start}, with the suite's cache) in front of another.
 *
 * <p>What a proxy may change, because it is a hop of its own (RFC 9110 §7.6), and what it must do then, is
 * checked here rather than compared:
 * <ul>
 *   <li>Framing: a body may reach the client chunked where the origin sent a {@code Content-Length}, or the
 *       other way round, but a {@code Content-Length} the client gets is the length of the body it gets, and
 *       never comes with {@code Transfer-Encoding}. The answer to a {@code HEAD} has no body, so its {@code
 *       Content-Length} is not framing but the length of the page (RFC 9110 §8.6): the client gets the one the
 *       origin sent, and none when the origin sent none, unless Surge answered it from the stored page.
 *   <li>{@code Date}: the client gets exactly one; the origin's when it sent one, else one the proxy adds (RFC
 *       9110 §6.6.1), of any value.
 * </ul>
 * Everything else the client gets (status, every other field, every body byte) is compared as for any adapter;
 * the Jetty forwarder alone may spell a {@code Content-Type} Jetty knows its own way ({@link Jetty}).
 *
 * <p>After a first pass, case after case, a second one sends the same cases from several clients at once, so
 * that the proxy's pooled connections to its origin carry requests of different cases one after another, as
 * they do under load: that is where a proxy mixes up answers, or trips over a connection the origin closed.
 */
class ProxyDifferentialTest {

  /** One forwarder, in front of its own origin. */
  abstract static class ThroughProxy extends DifferentialSuite {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, DiffOrigin> origins = new TreeMap<>();

    /** The {@code --adapter} of the proxy. */
    abstract String adapter();

    @Override
    protected URI start(long seed, HttpCache cache) throws Exception {
      DiffOrigin origin = new DiffOrigin(seed).start();
      started.push(origin);
      origins.put(cache == null ? "the origin served directly" : "the origin behind the proxy", origin);
      if (cache == null) {
        return origin.base();
      }
      ProxyCommand.Proxy proxy = ProxyCommand.start(adapter(), 0, origin.base(), cache);
      started.push(proxy);
      return proxy.base();
    }

    /** A proxy's connections to its origin are shared by its clients: cases cross on them in a second pass. */
    @Override
    protected int concurrentPassThreads() {
      return 8;
    }

    @Override
    protected void stopAll() throws Exception {
      while (!started.isEmpty()) {
        started.pop().close();
      }
    }

    /**
     * A request reaches the origin framed as its client framed it: none of the suite's clients sends a chunked
     * body, and one that sends no body at all (the one that leaves early writes a bare {@code GET}) must not
     * have one made up for it. A made-up empty chunked body's {@code 0} is read as a request, which clients
     * seldom see: the origin answers it {@code 400} and closes the connection, and only a proxy that reuses the
     * connection at that very moment hands that answer to the next client. So the origins say what they read.
     */
    @AfterEach
    void everyRequestReachedTheOriginFramedAsItsClientFramedIt() {
      origins.forEach((which, origin) -> assertThat(origin.misframed()).as("what %s read", which).isEmpty());
      origins.clear();
    }

    @Override
    protected List<String> transportDifferences(Visitor visitor, Observed plain, Observed surge) {
      List<String> found = new ArrayList<>();
      if (plain.failure().isPresent() || surge.failure().isPresent()) {
        return found;
      }
      List<String> dates = surge.headers().getOrDefault("date", List.of());
      List<String> originDates = plain.headers().getOrDefault("date", List.of());
      if (originDates.isEmpty() ? dates.size() != 1 : !dates.equals(originDates)) {
        found.add("Date " + dates + " where the origin sent " + originDates);
      }
      Optional<String> length = surge.first("content-length");
      if (visitor.method().equals("HEAD")) {
        if (!surge.isHit() || plain.first("content-length").isPresent()) {
          if (!length.equals(plain.first("content-length"))) {
            found.add("a HEAD answered with Content-Length " + length.orElse("-") + " where the origin sent "
                + plain.first("content-length").orElse("-"));
          }
        }
      } else if (surge.status() != 304) {
        length.filter(declared -> Long.parseLong(declared) != surge.body().length).ifPresent(declared ->
            found.add("Content-Length " + declared + " for " + surge.body().length + " bytes"));
      }
      if (length.isPresent() && surge.first("transfer-encoding").isPresent()) {
        found.add("both Content-Length and Transfer-Encoding");
      }
      return found;
    }

    @Override
    protected Observed withoutTransportChanges(Visitor visitor, Observed plain, Observed surge) {
      if (plain.failure().isPresent() || surge.failure().isPresent()) {
        return surge;
      }
      Map<String, List<String>> headers = new TreeMap<>(surge.headers());
      // a compressed hit's own length is checked against its encoded bytes, by the comparison and below
      boolean compressed = surge.first("content-encoding").isPresent() && plain.first("content-encoding").isEmpty();
      for (String transport : compressed ? List.of("transfer-encoding", "date")
          : List.of("content-length", "transfer-encoding", "date")) {
        headers.remove(transport);
        Optional.ofNullable(plain.headers().get(transport)).ifPresent(values -> headers.put(transport, values));
      }
      return new Observed(surge.status(), headers, surge.body(), surge.failure());
    }
  }

  @Nested
  class Vertx extends ThroughProxy {
    @Override
    String adapter() {
      return "vertx";
    }
  }

  @Nested
  class Jetty extends ThroughProxy {
    @Override
    String adapter() {
      return "jetty";
    }

    /**
     * Jetty's servlet layer writes the {@code Content-Type} of a type it knows in its own spelling, on a miss
     * (the forwarder sets the field) and on a hit (the filter sets it) alike: {@code text/plain;charset=UTF-8}
     * goes out as {@code text/plain;charset=utf-8}. Type, subtype, parameter names and charset values are
     * case-insensitive and the spaces around {@code ;} optional (RFC 9110 §8.3.1, §8.3.2), so the same type
     * in another spelling counts as the same; any other change to it is a difference.
     */
    @Override
    protected Observed withoutTransportChanges(Visitor visitor, Observed plain, Observed surge) {
      Observed relayed = super.withoutTransportChanges(visitor, plain, surge);
      Optional<String> sent = plain.first("content-type");
      if (sent.isEmpty() || !spelledAlike(sent.get(), relayed.first("content-type").orElse(""))) {
        return relayed;
      }
      Map<String, List<String>> headers = new TreeMap<>(relayed.headers());
      headers.put("content-type", plain.headers().get("content-type"));
      return new Observed(relayed.status(), headers, relayed.body(), relayed.failure());
    }

    private static boolean spelledAlike(String one, String other) {
      return one.replaceAll("\\s*;\\s*", ";").equalsIgnoreCase(other.replaceAll("\\s*;\\s*", ";"));
    }
  }
}
