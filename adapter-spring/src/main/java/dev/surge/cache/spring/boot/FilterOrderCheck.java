package dev.surge.cache.spring.boot;

import dev.surge.cache.servlet.HttpCacheFilter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails start-up when a filter that looks like authentication runs after Surge's filter and is not named in
 * {@code surge.cache.filters-skipped-on-hits}. Surge answers a hit before the filters after it run, so such a
 * filter would never see the requests that get a stored page: a page it protects would reach requests it
 * refuses. A filter registered without an order (a {@code @Component} filter without {@code @Order}) is
 * ordered last by Spring Boot, after Surge's filter.
 */
final class FilterOrderCheck implements SmartInitializingSingleton {

  private final ListableBeanFactory beans;
  private final Set<String> skippedOnHits;

  FilterOrderCheck(ListableBeanFactory beans, Set<String> skippedOnHits) {
    this.beans = beans;
    this.skippedOnHits = skippedOnHits;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<RegisteredFilter> filters = RegisteredFilter.in(beans);
    int surge = indexOfSurge(filters);
    if (surge < 0) {
      return;
    }
    List<RegisteredFilter> exposed = filters.subList(surge + 1, filters.size()).stream()
        .filter(RegisteredFilter::looksLikeAuthentication)
        .filter(filter -> !skippedOnHits.contains(filter.name()))
        .toList();
    if (!exposed.isEmpty()) {
      throw new IllegalStateException(message(filters.get(surge), exposed));
    }
  }

  private static int indexOfSurge(List<RegisteredFilter> filters) {
    for (int index = 0; index < filters.size(); index++) {
      if (HttpCacheFilter.class.isAssignableFrom(filters.get(index).type())) {
        return index;
      }
    }
    return -1;
  }

  private static String message(RegisteredFilter surge, List<RegisteredFilter> exposed) {
    int latest = exposed.stream().mapToInt(RegisteredFilter::order).max().orElseThrow();
    return "Surge's filter " + surge.describe() + " runs before "
        + exposed.stream().map(RegisteredFilter::describe).collect(Collectors.joining(", "))
        + ", which looks like authentication. Surge answers a stored page before the filters after it run, so"
        + " requests that filter refuses would get the pages it protects. Run authentication first: give the"
        + " filter an order below " + surge.order() + " (@Order on the filter bean, or a FilterRegistrationBean"
        + " with setOrder; a filter without an order runs last), or set surge.cache.filter-order above "
        + (latest == Integer.MAX_VALUE ? "the filter's order once it has one" : String.valueOf(latest))
        + ". If the filter does not decide who may see a page, name it in surge.cache.filters-skipped-on-hits.";
  }
}
