package dev.surge.cache.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.RejectReason;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The leak guard on every adapter: a page that echoes the value of a cookie no {@code privateCookies} setting
 * names ({@code remember_me}) is not stored, so the next client never sees it; pages that do not echo it, and
 * short values, are stored as usual; with the guard off the echoing page is stored, which shows the test can
 * fail.
 */
public interface LeakGuardSuite extends ContractSuite {

  @Test
  default void pageEchoingACookieValueIsNotStoredAndTheNextClientGetsAFreshRender() throws Exception {
    serve();

    HttpResponse<byte[]> owner = get("/leak/echo", "Cookie", "theme=dark; " + LeakPages.COOKIE + "=" + LeakPages.TOKEN);
    AdapterContract.eventually(() ->
        assertThat(cache().stats().rejections(RejectReason.CREDENTIAL_IN_BODY)).isEqualTo(1));
    assertThat(cache().stats().stores()).isZero();
    HttpResponse<byte[]> anonymous = get("/leak/echo");

    assertThat(AdapterContract.text(owner)).contains(LeakPages.TOKEN);
    assertThat(AdapterContract.text(anonymous)).isEqualTo("page /leak/echo render 2 remember_me=none");
    awaitStores(1); // the anonymous render is stored as usual
  }

  @Test
  default void pageNotEchoingTheCookieIsStored() throws Exception {
    serve();

    get("/leak/quiet", "Cookie", LeakPages.COOKIE + "=" + LeakPages.TOKEN);
    awaitStores(1);
    HttpResponse<byte[]> anonymous = get("/leak/quiet");

    assertThat(AdapterContract.text(anonymous)).isEqualTo("page /leak/quiet render 1");
    assertThat(app().renders("/leak/quiet")).isEqualTo(1);
  }

  @Test
  default void cookieValueShorterThanEightCharactersDoesNotPreventStoring() throws Exception {
    serve();

    get("/leak/echo", "Cookie", LeakPages.COOKIE + "=1234567");
    awaitStores(1);
    HttpResponse<byte[]> anonymous = get("/leak/echo");

    assertThat(AdapterContract.text(anonymous)).isEqualTo("page /leak/echo render 1 remember_me=1234567");
    assertThat(cache().stats().rejections(RejectReason.CREDENTIAL_IN_BODY)).isZero();
  }

  @Test
  default void withTheGuardOffTheEchoingPageIsStoredAndServedToTheNextClient() throws Exception {
    serve(options -> options.leakGuard(false));

    get("/leak/echo", "Cookie", LeakPages.COOKIE + "=" + LeakPages.TOKEN);
    awaitStores(1);
    HttpResponse<byte[]> anonymous = get("/leak/echo");

    assertThat(AdapterContract.text(anonymous)).contains(LeakPages.TOKEN);
  }
}
