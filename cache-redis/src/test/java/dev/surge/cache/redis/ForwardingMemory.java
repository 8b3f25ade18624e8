package dev.surge.cache.redis;

import dev.surge.cache.CacheKey;
import dev.surge.cache.CachedResponse;
import dev.surge.cache.ResponseStore;
import java.util.Optional;

/**
 * A memory tier that hands every call to another store: a race test extends it to do something of its own at the
 * moment one call happens (a purge arriving during a promotion, a lookup during a purge).
 */
class ForwardingMemory implements ResponseStore {

  private final ResponseStore delegate;

  ForwardingMemory(ResponseStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return delegate.get(key);
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    delegate.put(key, response);
  }

  @Override
  public int invalidateResource(CacheKey key) {
    return delegate.invalidateResource(key);
  }

  @Override
  public int invalidatePathPrefix(String pathPrefix) {
    return delegate.invalidatePathPrefix(pathPrefix);
  }

  @Override
  public int invalidatePath(String path, String query) {
    return delegate.invalidatePath(path, query);
  }

  @Override
  public int invalidateTag(String tag) {
    return delegate.invalidateTag(tag);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
  }

  @Override
  public void recycle() {
    delegate.recycle();
  }

  @Override
  public Snapshot snapshot() {
    return delegate.snapshot();
  }
}
