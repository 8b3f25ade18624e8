package dev.surge.cache;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SharedTier#fetch} found for a key: a sealed family, matched with {@code instanceof}.
 *
 * <ul>
 *   <li>{@link Found}: the entry stored under exactly that key; it was offered to the store's memory too, which
 *       may or may not keep it (a full store, a shorter maximum lifetime).
 *   <li>{@link Missing}: nothing usable (absent, corrupt, for another key, or the tier could not be asked).
 *   <li>{@link VariesBy}: no entry under that key, but the resource's entries in the tier were stored with these
 *       {@code Vary} field values: a process that did not know them yet looks again under the key of the variant
 *       the request selects.
 * </ul>
 */
public sealed interface SharedLookup {

  /** The entry stored under exactly the key asked for. */
  record Found(CachedResponse entry) implements SharedLookup {
    public Found {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** Nothing usable. */
  record Missing() implements SharedLookup {}

  /** The resource's stored entries vary by the request fields these {@code Vary} field values name. */
  record VariesBy(List<String> varyFieldValues) implements SharedLookup {
    public VariesBy {
      varyFieldValues = ImmutableList.copyOf(varyFieldValues);
    }
  }
}
