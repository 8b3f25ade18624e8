package dev.surge.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints, per body length and number of pages, what one stored page costs: what the store charges against its
 * byte bound and the heap it really retains (see {@link StoreFootprint}), with compression off and on.
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
    description = "Fills the default store with distinct pages through the cache's step and prints, per entry,"
        + " the bytes it is charged and the heap it retains (JOL).")
final class FootprintCommand implements Callable<Integer> {

  @Option(names = "--bodies", split = ",", defaultValue = "2048,20480",
      description = "Body lengths in bytes. Default: ${DEFAULT-VALUE}.")
  List<Integer> bodies;

  @Option(names = "--pages", split = ",", defaultValue = "10000",
      description = "Pages to store, per body length. Default: ${DEFAULT-VALUE}.")
  List<Integer> pages;

  @Option(names = "--compression", split = ",", defaultValue = "off,defaults",
      description = "off (identity bodies only) and/or defaults (every coder on the class path)."
          + " Default: ${DEFAULT-VALUE}.")
  List<String> compression;

  @Override
  public Integer call() {
    System.out.printf("Per stored entry, in bytes (%s, %s): charged = stats().bytes() / pages; retained = JOL"
        + " heap of the store; overhead = retained - identity body (coded variants included); cache = JOL heap"
        + " of the whole cache; margin = charged - cache%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.println(StoreFootprint.heading());
    for (String coding : compression) {
      for (int body : bodies) {
        for (int count : pages) {
          System.out.println(StoreFootprint.measure(body, count, coding.equals("defaults")).line());
        }
      }
    }
    return 0;
  }
}
