package dev.surge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What one fleet instance has rendered, page by page, and what fleet-wide collapsing did there, as its admin path
 * answers it in two lines of text ({@code renders <count>,<count>,...} by page number, then {@code fleet}
 * and the other counts in the order of the components); or the sum of several instances' counts.
 *
 * @param rendersPerPage renders of each page, by page number
 * @param rendersClaimed renders the instances led for the whole fleet
 * @param waits requests that waited for another instance's render
 * @param waitsServed waits that ended with the other instance's entry
 * @param tierHits lookups the shared tier answered
 * @param tierTimeouts shared-tier lookups that took longer than their timeout (the request rendered instead)
 * @param tierErrors shared-tier lookups and puts that failed
 * @param coalescedWaits requests that waited for a render of the same page by another request of their instance
 * @param coalescingTimeouts such waits that ran out and rendered themselves
 */
record FleetCounts(List<Integer> rendersPerPage, long rendersClaimed, long waits, long waitsServed, long tierHits,
    long tierTimeouts, long tierErrors, long coalescedWaits, long coalescingTimeouts) {

  FleetCounts {
    rendersPerPage = List.copyOf(rendersPerPage);
  }

  /** No renders of any of {@code pages} pages. */
  static FleetCounts none(int pages) {
    return new FleetCounts(Collections.nCopies(pages, 0), 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The counts as the admin path answers them. */
  String text() {
    StringBuilder text = new StringBuilder("renders ");
    for (int page = 0; page < rendersPerPage.size(); page++) {
      text.append(page == 0 ? "" : ",").append(rendersPerPage.get(page));
    }
    return text.append(String.format(Locale.ROOT, "%nfleet %d %d %d %d %d %d %d %d%n", rendersClaimed, waits,
        waitsServed, tierHits, tierTimeouts, tierErrors, coalescedWaits, coalescingTimeouts)).toString();
  }

  /** The counts of a {@link #text()}. */
  static FleetCounts parse(String text) {
    String[] lines = text.strip().split("\\R");
    if (lines.length != 2 || !lines[0].startsWith("renders ") || !lines[1].startsWith("fleet ")) {
      throw new IllegalArgumentException("not a fleet instance's counts: " + text);
    }
    List<Integer> renders = new ArrayList<>();
    for (String count : lines[0].substring("renders ".length()).split(",")) {
      renders.add(Integer.parseInt(count));
    }
    long[] fleet = Arrays.stream(lines[1].substring("fleet ".length()).split(" ")).mapToLong(Long::parseLong).toArray();
    if (fleet.length != 8) {
      throw new IllegalArgumentException("the fleet line has eight numbers: " + lines[1]);
    }
    return new FleetCounts(renders, fleet[0], fleet[1], fleet[2], fleet[3], fleet[4], fleet[5], fleet[6], fleet[7]);
  }

  /** These counts and {@code other}'s added up, page by page (both of the same wiki). */
  FleetCounts plus(FleetCounts other) {
    if (other.rendersPerPage.size() != rendersPerPage.size()) {
      throw new IllegalArgumentException("counts of wikis of different sizes");
    }
    List<Integer> sum = new ArrayList<>(rendersPerPage.size());
    for (int page = 0; page < rendersPerPage.size(); page++) {
      sum.add(rendersPerPage.get(page) + other.rendersPerPage.get(page));
    }
    return new FleetCounts(sum, rendersClaimed + other.rendersClaimed, waits + other.waits,
        waitsServed + other.waitsServed, tierHits + other.tierHits, tierTimeouts + other.tierTimeouts,
        tierErrors + other.tierErrors, coalescedWaits + other.coalescedWaits,
        coalescingTimeouts + other.coalescingTimeouts);
  }
}
