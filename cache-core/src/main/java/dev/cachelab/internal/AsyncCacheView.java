package dev.cachelab.internal;

import dev.cachelab.AsyncCache;
import dev.cachelab.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code CacheBuilder.buildAsync()}: the asynchronous face of a {@link CacheFacade}. Entries, loads and statistics
 * are the facade's; this class only adapts futures. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class AsyncCacheView<K, V> implements AsyncCache<K, V> {

  private final CacheFacade<K, V> cache;
  /** Whether each store call is a network round trip; then no store call runs on the caller's thread. */
  private final boolean remote;

  /**
   * Wraps a cache.
   *
   * @param cache the cache that holds the entries
   */
  public AsyncCacheView(CacheFacade<K, V> cache) {
    this.cache = cache;
    this.remote = cache.remote();
  }

  /**
   * Runs {@code call} — which reads the store, may take a load lease and write — on the cache's executor when the
   * store is {@linkplain dev.cachelab.store.StoreFactory.Capability#REMOTE remote}, so that an asynchronous caller
   * never waits for a round trip; otherwise on the caller's thread, where it costs a map lookup.
   */
  private <R> CompletableFuture<R> offRemote(Supplier<CompletableFuture<R>> call) {
    if (!remote) {
      return call.get();
    }
    cache.checkOpen();
    return CompletableFuture.supplyAsync(call, cache.executor())
        .thenCompose(future -> future == null ? CompletableFuture.completedFuture(null) : future);
  }

  @Override
  public CompletableFuture<V> getIfPresent(K key) {
    Objects.requireNonNull(key, "key");
    return offRemote(() -> {
      V value = cache.getIfPresent(key);
      return value != null ? CompletableFuture.completedFuture(value) : cache.loadingFuture(key);
    });
  }

  @Override
  public CompletableFuture<V> get(K key, Function<? super K, ? extends CompletableFuture<? extends V>> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    return offRemote(() -> cache.getAsync(key, loader::apply));
  }

  @Override
  public CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          bulkLoader) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(bulkLoader, "bulkLoader");
    List<K> requested = new ArrayList<>(); // checked here, so a null key throws to the caller on every store
    for (K key : keys) {
      requested.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    return offRemote(() -> getAllNow(requested, bulkLoader));
  }

  private CompletableFuture<Map<K, V>> getAllNow(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          bulkLoader) {
    BulkLoad<K, V> bulk = new BulkLoad<>(cache, keys);
    if (bulk.missing().isEmpty()) {
      return CompletableFuture.completedFuture(bulk.result());
    }
    bulk.started();
    CompletableFuture<? extends Map<? extends K, ? extends V>> loading;
    try {
      loading = Objects.requireNonNull(bulkLoader.apply(bulk.missing()), "the bulk loader returned a null future");
    } catch (Throwable failure) {
      return CompletableFuture.failedFuture(bulk.failed(failure));
    }
    return loading.handle((loaded, failure) -> {
      if (failure != null) {
        throw bulk.failed(CacheFacade.unwrap(failure));
      }
      return bulk.loaded(loaded);
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
