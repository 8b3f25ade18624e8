package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionedWikiTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000));
  private final InstantSource clock = () -> now.get();
  private final VersionedWiki wiki = new VersionedWiki(new WikiSite(40, 7), clock);

  @Test
  void aRequestNamingTheCurrentVersionGetsA304WithoutARender() {
    PageAnswer.Page page = (PageAnswer.Page) wiki.answer(WikiSite.PREFIX + 3, Optional.empty());
    String etag = page.headers().get("ETag");

    PageAnswer again = wiki.answer(WikiSite.PREFIX + 3, Optional.of(etag));

    assertThat(again).isEqualTo(new PageAnswer.NotModified(Map.of("ETag", etag)));
    assertThat(wiki.renders()).isEqualTo(1);
    assertThat(wiki.notModifiedAnswers()).isEqualTo(1);
    assertThat(wiki.pagesRendered()).isEqualTo(1);
  }

  @Test
  void aChangingPageGetsANewVersionEverySecondAndIsRenderedAgainForTheOldOne() {
    int changing = VersionedWiki.CHANGING_ONE_IN - 1;
    String before = wiki.etag(changing);

    now.set(now.get().plus(VersionedWiki.CHANGE_EVERY));
    PageAnswer answer = wiki.answer(WikiSite.PREFIX + changing, Optional.of(before));

    assertThat(answer).isInstanceOfSatisfying(PageAnswer.Page.class,
        page -> assertThat(page.headers().get("ETag")).isNotEqualTo(before).isEqualTo(wiki.etag(changing)));
    assertThat(wiki.renders()).isEqualTo(1);
    assertThat(wiki.notModifiedAnswers()).isZero();
  }

  @Test
  void onlyOnePageInTwentyChangesAndTheHottestDoesNot() {
    String[] before = new String[40];
    for (int page = 0; page < before.length; page++) {
      before[page] = wiki.etag(page);
    }
    now.set(now.get().plus(VersionedWiki.CHANGE_EVERY));

    long changed = IntStream.range(0, before.length).filter(page -> !wiki.etag(page).equals(before[page])).count();

    assertThat(changed).isEqualTo(2);
    assertThat(wiki.etag(0)).isEqualTo(before[0]);
  }

  @Test
  void aPathThatIsNoPageIsNotFoundAndAnotherTagIsRenderedInFull() {
    assertThat(wiki.answer("/elsewhere", Optional.empty())).isEqualTo(PageAnswer.NOT_FOUND);
    assertThat(wiki.answer(WikiSite.PREFIX + 5, Optional.of("\"v-other\""))).isInstanceOf(PageAnswer.Page.class);
    assertThat(wiki.renders()).isEqualTo(1);
  }
}
