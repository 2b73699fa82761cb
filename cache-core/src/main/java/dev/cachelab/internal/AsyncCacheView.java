package dev.cachelab.internal;

import dev.cachelab.AsyncCache;
import dev.cachelab.Cache;
import dev.cachelab.CacheLoadException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code CacheBuilder.buildAsync()}: the asynchronous face of a {@link CacheFacade}. Entries, loads and statistics
 * are the facade's; this class only adapts futures. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class AsyncCacheView<K, V> implements AsyncCache<K, V> {

  private final CacheFacade<K, V> cache;

  /**
   * Wraps a cache.
   *
   * @param cache the cache that holds the entries
   */
  public AsyncCacheView(CacheFacade<K, V> cache) {
    this.cache = cache;
  }

  @Override
  public CompletableFuture<V> getIfPresent(K key) {
    V value = cache.getIfPresent(key);
    return value != null ? CompletableFuture.completedFuture(value) : cache.loadingFuture(key);
  }

  @Override
  public CompletableFuture<V> get(K key, Function<? super K, ? extends CompletableFuture<? extends V>> loader) {
    Objects.requireNonNull(loader, "loader");
    return cache.getAsync(key, loader::apply);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          bulkLoader) {
    cache.checkOpen();
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(bulkLoader, "bulkLoader");
    Set<K> requested = new LinkedHashSet<>();
    for (K key : keys) {
      requested.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    long[] marks = cache.writeMarks(); // writes after this beat what the bulk load returns
    Map<K, V> present = new LinkedHashMap<>(cache.getAllPresent(requested));
    Set<K> missing = new LinkedHashSet<>(requested);
    missing.removeAll(present.keySet());
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(Collections.unmodifiableMap(present));
    }
    CompletableFuture<? extends Map<? extends K, ? extends V>> loading;
    try {
      loading = Objects.requireNonNull(bulkLoader.apply(Collections.unmodifiableSet(missing)),
          "the bulk loader returned a null future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new CacheLoadException("bulk load failed", e));
    }
    return loading.thenApply(loaded -> {
      Map<K, V> found = new LinkedHashMap<>(present);
      if (loaded != null) {
        cache.storeBulk(loaded, missing, found, marks);
      }
      Map<K, V> ordered = new LinkedHashMap<>();
      for (K key : requested) {
        if (found.containsKey(key)) {
          ordered.put(key, found.get(key));
        }
      }
      return Collections.unmodifiableMap(ordered);
    });
  }

  @Override
  public void put(K key, V value) {
    cache.put(key, value);
  }

  @Override
  public Cache<K, V> synchronous() {
    return cache;
  }

  @Override
  public void close() {
    cache.close();
  }
}
