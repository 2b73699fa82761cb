package dev.cachelab;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A cache: a bounded, concurrent map from keys to values that computes a missing value on demand and drops
 * entries by its policies. Build one with {@link CacheBuilder}.
 *
 * <p>The semantics are the same whichever store holds the entries (the built-in engine, Caffeine, or another
 * store): a missing value is loaded once per key however many threads ask (single flight); a loader may ask the
 * cache for other keys; nulls are refused; every removal is reported to the {@link RemovalListener} with its cause.
 *
 * <p>Thread-safe. After {@link #close()} every method throws {@link IllegalStateException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Cache<K, V> extends AutoCloseable {

  /**
   * Returns the value cached for {@code key}, or {@code null}. A {@code null} result counts as a miss.
   *
   * @param key the key to look up
   * @return the cached value, or {@code null} if there is none
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  V getIfPresent(K key);

  /**
   * Returns the value cached for {@code key}, computing it with {@code loader} on a miss (cache-aside). If several
   * threads miss the same key, the loader runs once and all of them receive its value or its failure. The loader
   * runs on the calling thread and may call this cache for other keys.
   *
   * @param key the key to look up
   * @param loader computes the value; returning {@code null} means "no value", which is not cached
   * @return the cached or computed value, or {@code null} if the loader returned {@code null}
   * @throws NullPointerException if {@code key} or {@code loader} is null
   * @throws IllegalStateException if the loader asks for its own key, or the cache is closed
   * @throws CacheLoadException if the loader threw (its exception is the cause), or the thread was interrupted while
   *     waiting for another thread's load (the interrupt flag stays set)
   */
  V get(K key, Function<? super K, ? extends V> loader);

  /**
   * Returns the values for {@code keys}, loading all missing ones with a single call of {@code bulkLoader}.
   *
   * @param keys the keys to look up
   * @param bulkLoader receives the keys that missed and returns the values it found; keys it leaves out are absent
   *     from the result and not cached
   * @return an unmodifiable map from each key that has a value to that value, in the order of {@code keys}
   * @throws NullPointerException if {@code keys}, any key, or {@code bulkLoader} is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the bulk loader threw
   */
  Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader);

  /**
   * Returns the cached values for those of {@code keys} that are present. Each key counts as a hit or a miss.
   *
   * @param keys the keys to look up
   * @return an unmodifiable map of the keys found to their values
   * @throws NullPointerException if {@code keys} or any key is null
   * @throws IllegalStateException if the cache is closed
   */
  Map<K, V> getAllPresent(Iterable<? extends K> keys);

  /**
   * Caches {@code value} for {@code key}, replacing any value there (the listener hears {@link RemovalCause#REPLACED}).
   * A put made while a load of the same key is running wins: the load's result is not stored.
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws IllegalStateException if the cache is closed
   */
  void put(K key, V value);

  /**
   * Caches every entry of {@code entries}, as {@link #put} does one by one.
   *
   * @param entries the entries to cache
   * @throws NullPointerException if {@code entries} or any key or value in it is null
   * @throws IllegalStateException if the cache is closed
   */
  void putAll(Map<? extends K, ? extends V> entries);

  /**
   * Removes the value for {@code key}, if any (the listener hears {@link RemovalCause#EXPLICIT}). A load of the same
   * key that is running does not store its result.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  void invalidate(K key);

  /**
   * Removes the values for {@code keys}, as {@link #invalidate} does one by one.
   *
   * @param keys the keys
   * @throws NullPointerException if {@code keys} or any key is null
   * @throws IllegalStateException if the cache is closed
   */
  void invalidateAll(Iterable<? extends K> keys);

  /**
   * Removes every entry (the listener hears {@link RemovalCause#EXPLICIT} for each).
   *
   * @throws IllegalStateException if the cache is closed
   */
  void invalidateAll();

  /**
   * Returns a live view of this cache as a {@link ConcurrentMap}. Reads and writes go through the cache, so they
   * count in the statistics and notify the listener; {@code computeIfAbsent} loads with single flight like
   * {@link #get(Object, Function)}; the other atomic operations are atomic with respect to this cache's writes.
   *
   * @return the map view
   */
  ConcurrentMap<K, V> asMap();

  /**
   * Returns the approximate number of entries. Entries already evicted but not yet cleaned up may be counted.
   *
   * @return the approximate number of entries
   * @throws IllegalStateException if the cache is closed
   */
  long estimatedSize();

  /**
   * Returns a snapshot of the statistics, all zero unless the cache was built with
   * {@link CacheBuilder#recordStats()}.
   *
   * @return the current statistics
   */
  CacheStats stats();

  /**
   * Performs pending maintenance now. When it returns, the size bound holds, and with a same-thread executor every
   * due removal notification has been delivered.
   *
   * @throws IllegalStateException if the cache is closed
   */
  void cleanUp();

  /**
   * Closes this cache and releases what it created (its store, its default resources); resources handed in by the
   * user stay open. Idempotent. Afterwards every other method throws {@link IllegalStateException}.
   */
  @Override
  void close();
}
