package dev.cachelab.internal;

import dev.cachelab.CacheLoadException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code getAll}: the keys asked for, the values already cached, and the one bulk load of the rest. The
 * synchronous {@code Cache.getAll} and the asynchronous {@code AsyncCache.getAll} both run it, so they read, count,
 * store and fail alike: each key read counts as a hit or a miss; the bulk load counts once, as a success or a
 * failure, with its time; a loader that throws, fails its future or returns {@code null} gives a
 * {@link CacheLoadException} naming the cache; every entry it returns is cached (also keys not asked for, as Caffeine
 * does) unless a write reached its key while the load ran (writes beat loads, see
 * {@link CacheFacade#writeMarks()}), and only the keys asked for are returned, in the order asked.
 *
 * <p>Not thread-safe: one per call, used by one thread at a time.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkLoad<K, V> {

  private final CacheFacade<K, V> cache;
  private final Set<K> requested = new LinkedHashSet<>();
  private final Map<K, V> found = new LinkedHashMap<>();
  private final Set<K> missing = new LinkedHashSet<>();
  /** The stripes' write counts before the first read: a write after them beats what the bulk load returns. */
  private final long[] marks;
  private long start;
  /** Set once the load was counted, so that a failure seen twice (a null result through a future) counts once. */
  private boolean counted;

  /** Reads every key asked for (counting hits and misses); the ones not found are {@link #missing()}. */
  BulkLoad(CacheFacade<K, V> cache, Iterable<? extends K> keys) {
    this.cache = cache;
    cache.checkOpen();
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      requested.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    this.marks = cache.writeMarks();
    for (K key : requested) {
      V value = cache.getIfPresent(key);
      if (value == null) {
        missing.add(key);
      } else {
        found.put(key, value);
      }
    }
  }

  /** The keys to load; empty when everything was cached. */
  Set<K> missing() {
    return Collections.unmodifiableSet(missing);
  }

  /** Marks the start of the bulk load, for its load time. */
  void started() {
    start = cache.now();
  }

  /**
   * Takes the bulk loader's result: caches its entries and returns the keys asked for with their values.
   *
   * @throws CacheLoadException if the result is {@code null}
   */
  Map<K, V> loaded(Map<? extends K, ? extends V> loaded) {
    counted = true;
    if (loaded == null) {
      cache.recordLoad(false, start);
      throw new CacheLoadException("bulk load returned null in cache '" + cache.name() + "'; return an empty map "
          + "when no key has a value", new NullPointerException("loadAll result"));
    }
    cache.recordLoad(true, start);
    for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
      K key = entry.getKey();
      V value = entry.getValue();
      if (key != null && value != null) {
        cache.storeLoaded(key, value, marks); // unless a write reached the key since the marks
        if (missing.contains(key)) {
          found.put(key, value);
        }
      }
    }
    return result();
  }

  /** Counts the bulk load as failed and returns the exception its caller gets. */
  CacheLoadException failed(Throwable failure) {
    if (counted && failure instanceof CacheLoadException cacheLoad) {
      return cacheLoad; // the null result's, thrown by loaded(): counted and named already
    }
    counted = true;
    cache.recordLoad(false, start);
    return new CacheLoadException("bulk load of " + missing.size() + " keys failed in cache '" + cache.name() + "'",
        failure);
  }

  /** The keys asked for that have a value, in the order asked. */
  Map<K, V> result() {
    Map<K, V> ordered = new LinkedHashMap<>();
    for (K key : requested) {
      V value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    return Collections.unmodifiableMap(ordered);
  }
}
