package dev.cachelab;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A cache whose loads return {@link CompletableFuture}s, built by {@link CacheBuilder#buildAsync()}. It shares the
 * semantics of {@link Cache}: one load per key however many callers ask (single flight), expiry, refresh and
 * statistics. Each caller receives its own future, so cancelling one caller's future cancels neither the load nor
 * the other callers. A failed future is not cached.
 *
 * <p>Over a store whose every call is a network round trip ({@code StoreFactory.Capability.REMOTE}, such as Redis),
 * {@code getIfPresent}, {@code get} and {@code getAll} never make the caller wait for the store: their store calls
 * (the lookup, a distributed load lease, the write of the loaded value) and the loader's call run on the cache's
 * executor, and {@code getIfPresent} returns a future that completes with {@code null} when the key is neither
 * cached nor loading. {@code put} and {@link #synchronous()} stay synchronous.
 *
 * <p>Thread-safe. After {@link #close()} every method throws {@link IllegalStateException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface AsyncCache<K, V> extends AutoCloseable {

  /**
   * Returns a future of the value for {@code key}: the cached value, or the load of it in progress, or {@code null}.
   *
   * @param key the key
   * @return a future of the value, or {@code null} if the key is neither cached nor loading
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<V> getIfPresent(K key);

  /**
   * Returns a future of the value for {@code key}, starting {@code loader} on a miss unless a load of the key is
   * already running. The loader is called on the calling thread and returns a future; its value is cached when it
   * completes (a {@code null} value means "no value" and is not cached).
   *
   * @param key the key
   * @param loader starts the load and returns its future
   * @return this caller's own future of the value
   * @throws NullPointerException if {@code key} or {@code loader} is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<V> get(K key, Function<? super K, ? extends CompletableFuture<? extends V>> loader);

  /**
   * Returns a future of the values for {@code keys}, loading all missing ones with one call of {@code bulkLoader}.
   *
   * @param keys the keys
   * @param bulkLoader receives the keys that missed and returns a future of the values it found
   * @return a future of an unmodifiable map from each key that has a value to that value
   * @throws NullPointerException if {@code keys}, any key, or {@code bulkLoader} is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          bulkLoader);

  /**
   * Caches {@code value} for {@code key}, as {@link Cache#put} does.
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws IllegalStateException if the cache is closed
   */
  void put(K key, V value);

  /**
   * Returns a blocking view of this cache; both views share entries, loads and statistics.
   *
   * @return the synchronous view
   */
  Cache<K, V> synchronous();

  /** Closes the cache, as {@link Cache#close()} does. */
  @Override
  void close();
}
