package dev.cachelab;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Cache} that knows how to compute its values: it was built with a {@link CacheLoader}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface LoadingCache<K, V> extends Cache<K, V> {

  /**
   * Returns the value for {@code key}, loading it with the cache's loader on a miss (single flight).
   *
   * @param key the key
   * @return the value, or {@code null} if the loader found none
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the loader asks for its own key, or the cache is closed
   * @throws CacheLoadException if the loader threw (its exception is the cause)
   */
  V get(K key);

  /**
   * Returns the values for {@code keys}, loading all missing ones with one call of {@link CacheLoader#loadAll}.
   *
   * @param keys the keys
   * @return an unmodifiable map from each key that has a value to that value, in the order of {@code keys}
   * @throws NullPointerException if {@code keys} or any key is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader threw
   */
  Map<K, V> getAll(Iterable<? extends K> keys);

  /**
   * Reloads the value for {@code key} in the background, on the cache's executor, while readers keep getting the
   * current value. If a refresh of the key is already running, returns (a copy of) its future instead of starting
   * another. The new value replaces the old one only if no write to the key happened meanwhile; a failed reload
   * keeps the old value.
   *
   * @param key the key
   * @return a future of the reloaded value ({@code null} if the loader found none)
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<V> refresh(K key);
}
