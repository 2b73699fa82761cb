package dev.cachelab.bench;

import dev.cachelab.Cache;
import java.util.function.Function;

/**
 * A cachelab {@link Cache}, whatever its store, as a {@link BenchCache}: {@code getIfPresent}, {@code put} and
 * {@code get(key, loader)}; {@code close()} closes the cache. Thread-safe, as the cache is.
 */
class CachelabCache implements BenchCache {
  private final Cache<Object, Object> cache;

  CachelabCache(Cache<Object, Object> cache) {
    this.cache = cache;
  }

  @Override
  public Object get(Object key) {
    return cache.getIfPresent(key);
  }

  @Override
  public Object getOrLoad(Object key, Function<Object, Object> loader) {
    return cache.get(key, loader);
  }

  @Override
  public void put(Object key, Object value) {
    cache.put(key, value);
  }

  @Override
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    cache.close();
  }
}
