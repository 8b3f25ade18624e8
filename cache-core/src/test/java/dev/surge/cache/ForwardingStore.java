package dev.surge.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * A {@link ResponseStore} that hands every call to another; tests extend it to watch or hold one kind of call (in
 * other modules too: a race test of the Redis tier does something of its own as one call to memory happens).
 */
public abstract class ForwardingStore implements ResponseStore {

  private final ResponseStore delegate;

  protected ForwardingStore(ResponseStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return delegate.get(key);
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key, Instant now) {
    return delegate.get(key, now);
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
