package dev.cachelab;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes the value for a key on a cache miss, for a {@link LoadingCache}.
 *
 * <p>A loader runs on the thread that asked for the value; the cache makes sure that only one load per key runs at a
 * time (single flight). It may ask the same cache for <em>other</em> keys (memoized recursion); asking for its own
 * key fails with {@link IllegalStateException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

  /**
   * Computes the value for one key.
   *
   * @param key the key that missed, never null
   * @return the value, or {@code null} if the key has no value (nothing is cached then)
   * @throws Exception any failure; callers receive it as the cause of a {@link CacheLoadException}
   */
  V load(K key) throws Exception;

  /**
   * Computes the values for several keys at once. The default calls {@link #load} once per key; override it when the
   * source can answer a batch in one round trip.
   *
   * @param keys the keys that missed, never empty
   * @return the values found; keys left out have no value and are not cached
   * @throws Exception any failure; callers receive it as the cause of a {@link CacheLoadException}
   */
  default Map<K, V> loadAll(Set<? extends K> keys) throws Exception {
    Map<K, V> result = new HashMap<>();
    for (K key : keys) {
      V value = load(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return result;
  }
}
