package dev.cachelab;

/**
 * Computes the weight of an entry, for a cache bounded by {@link CacheBuilder#maximumWeight total weight} rather
 * than by the number of entries. A weight is computed once, when the entry is written.
 *
 * <p>Implementations must be thread-safe and must not depend on mutable state of the key or value.
 *
 * <p><b>It runs under a lock</b> (the written key's lock stripe, and the store's eviction lock), as Caffeine's weigher
 * does, so it must be quick and must never call back into the cache — not even for another key: that could deadlock.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface Weigher<K, V> {

  /**
   * Returns the weight of an entry: zero or more, in whatever unit the maximum weight uses.
   *
   * @param key the entry's key
   * @param value the entry's value
   * @return the weight, never negative
   */
  int weigh(K key, V value);
}
