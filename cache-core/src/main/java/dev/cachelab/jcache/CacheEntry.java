package dev.cachelab.jcache;

import java.util.Map;
import javax.cache.Cache;

/**
 * A key and value as a {@link Cache.Entry}: what the cache's iterator returns and what it hands a {@code CacheWriter}.
 * Immutable, so thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  CacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == Map.Entry.class) {
      return clazz.cast(Map.entry(key, value));
    }
    throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
