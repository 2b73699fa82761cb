package dev.cachelab.internal;

import dev.cachelab.CacheLoadException;
import dev.cachelab.CacheLoader;
import dev.cachelab.CacheStats;
import dev.cachelab.LoadingCache;
import dev.cachelab.RemovalCause;
import dev.cachelab.RemovalListener;
import dev.cachelab.Ticker;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The cache every builder returns, whatever the store: it owns the semantics (single flight, recursion,
 * statistics, removal notifications, error handling) and uses the {@link Store} only as storage.
 *
 * <p><b>Single flight.</b> A miss registers a {@link Load} for its key in {@link #loads}; a second thread missing
 * the same key finds it and waits for its result instead of loading again. The loader runs on the registering
 * thread with no lock held, so it may ask this cache for other keys (memoized recursion). A load that would wait for
 * itself — its own key, or a cycle of loads across threads — fails with {@link IllegalStateException} instead of
 * deadlocking.
 *
 * <p><b>Writes versus loads.</b> Every write of a key (put, invalidate, the map view's atomic operations) and the
 * registration and completion of a load hold the same per-key lock stripe. A write marks a running load of its key
 * as superseded, and a superseded load hands its value to its callers but does not store it, so a load that began
 * before an {@code invalidate} or a {@code put} can never bring back an old value afterwards.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CacheFacade<K, V> implements LoadingCache<K, V> {

  private static final System.Logger LOG = System.getLogger(CacheFacade.class.getName());
  private static final int STRIPES = 64;
  private static final long STORE_ERROR_LOG_INTERVAL = TimeUnit.SECONDS.toNanos(10);

  private final String name;
  private final Store<K, V> store;
  private final CacheLoader<? super K, V> loader;
  private final RemovalListener<? super K, ? super V> listener;
  private final Executor executor;
  private final Ticker ticker;
  private final StatsCounter stats;
  private final ConcurrentHashMap<K, Load<K, V>> loads = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong lastStoreErrorLog = new AtomicLong(Long.MIN_VALUE);
  private MapView<K, V> mapView;

  /**
   * Builds a cache from a validated spec.
   *
   * @param spec the builder's snapshot
   * @param loader the cache's loader, or {@code null} for a plain {@code Cache}
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CacheFacade(CacheSpec spec, CacheLoader<? super K, V> loader) {
    this.name = spec.name();
    this.loader = loader;
    this.listener = (RemovalListener) spec.removalListener();
    this.executor = spec.executor();
    this.ticker = spec.ticker();
    this.stats = spec.recordStats() ? new StatsCounter() : null;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    StoreConfig<K, V> config = new StoreConfig<>(name, spec.maximumSize(), spec.maximumWeight(),
        (dev.cachelab.Weigher) spec.weigher(), spec.evictionPolicy(), executor, this::onEviction);
    this.store = spec.store().create(config);
  }

  // ---- reads ------------------------------------------------------------------------------------------------

  @Override
  public V getIfPresent(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    V value = storeGet(key);
    if (stats != null) {
      (value == null ? stats.misses : stats.hits).increment();
    }
    return value;
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> mappingFunction) {
    Objects.requireNonNull(mappingFunction, "loader");
    return getOrLoad(key, mappingFunction::apply);
  }

  @Override
  public V get(K key) {
    return getOrLoad(key, requireLoader()::load);
  }

  private V getOrLoad(K key, Loader<K, V> loadFunction) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    V value = storeGet(key);
    if (value != null) {
      if (stats != null) {
        stats.hits.increment();
      }
      return value;
    }
    if (stats != null) {
      stats.misses.increment();
    }
    return load(key, loadFunction);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
      V value = storeGet(key);
      if (stats != null) {
        (value == null ? stats.misses : stats.hits).increment();
      }
      if (value != null) {
        found.put(key, value);
      }
    }
    return Collections.unmodifiableMap(found);
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
    Objects.requireNonNull(bulkLoader, "bulkLoader");
    return getAllOrLoad(keys, bulkLoader::apply);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    // The loader accepts a supertype of K; the keys it returns were given to it as Ks.
    CacheLoader<K, V> cacheLoader = (CacheLoader<K, V>) requireLoader();
    return getAllOrLoad(keys, cacheLoader::loadAll);
  }

  private Map<K, V> getAllOrLoad(Iterable<? extends K> keys, BulkLoader<K, V> bulkLoader) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    Map<K, V> found = new LinkedHashMap<>();
    Set<K> missing = new LinkedHashSet<>();
    Set<K> requested = new LinkedHashSet<>();
    for (K key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
      if (!requested.add(key)) {
        continue;
      }
      V value = storeGet(key);
      if (stats != null) {
        (value == null ? stats.misses : stats.hits).increment();
      }
      if (value == null) {
        missing.add(key);
      } else {
        found.put(key, value);
      }
    }
    if (!missing.isEmpty()) {
      Map<? extends K, ? extends V> loaded = bulkLoad(missing, bulkLoader);
      for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
        if (entry.getKey() != null && entry.getValue() != null) {
          write(entry.getKey(), entry.getValue());
          if (missing.contains(entry.getKey())) {
            found.put(entry.getKey(), entry.getValue());
          }
        }
      }
    }
    Map<K, V> ordered = new LinkedHashMap<>();
    for (K key : requested) {
      V value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    return Collections.unmodifiableMap(ordered);
  }

  private Map<? extends K, ? extends V> bulkLoad(Set<K> missing, BulkLoader<K, V> bulkLoader) {
    long start = ticker.read();
    Map<? extends K, ? extends V> loaded;
    try {
      loaded = bulkLoader.loadAll(Collections.unmodifiableSet(missing));
    } catch (Throwable failure) {
      recordLoad(false, start);
      throw new CacheLoadException("bulk load of " + missing.size() + " keys failed in cache '" + name + "'",
          failure);
    }
    if (loaded == null) {
      recordLoad(false, start);
      throw new CacheLoadException("bulk load returned null in cache '" + name
          + "'; return an empty map when no key has a value", new NullPointerException("loadAll result"));
    }
    recordLoad(true, start);
    return loaded;
  }

  // ---- single flight ----------------------------------------------------------------------------------------

  /** One load in progress: who runs it, its result, and whether a write to its key has overtaken it. */
  private static final class Load<K, V> {
    final K key;
    final Thread owner = Thread.currentThread();
    final CompletableFuture<V> result = new CompletableFuture<>();
    /** Guarded by the key's stripe lock. */
    boolean superseded;

    Load(K key) {
      this.key = key;
    }
  }

  /** Which load each thread is waiting for, to detect cycles of loads instead of deadlocking on them. */
  private static final ConcurrentHashMap<Thread, Load<?, ?>> WAITING = new ConcurrentHashMap<>();

  private V load(K key, Loader<K, V> loadFunction) {
    Load<K, V> mine = new Load<>(key);
    Load<K, V> running;
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      running = loads.putIfAbsent(key, mine);
    } finally {
      lock.unlock();
    }
    if (running != null) {
      return await(running);
    }

    // A load of this key may have completed between our miss and our registration.
    V present = storeGet(key);
    if (present != null) {
      finish(mine, present, false);
      return present;
    }

    long start = ticker.read();
    V value;
    try {
      value = loadFunction.load(key);
    } catch (Throwable failure) {
      recordLoad(false, start);
      fail(mine, failure);
      if (failure instanceof LoadCycleException cycle) {
        throw cycle;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new CacheLoadException("load of key " + key + " failed in cache '" + name + "'", failure);
    }
    recordLoad(value != null, start);
    finish(mine, value, value != null);
    return value;
  }

  /** Stores a load's value unless a write overtook it, then releases the waiters. */
  private void finish(Load<K, V> load, V value, boolean store) {
    V replaced = null;
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
      if (store && !load.superseded && !closed.get()) {
        replaced = storePut(load.key, value);
      }
    } finally {
      lock.unlock();
    }
    load.result.complete(value);
    if (replaced != null) {
      notifyRemoval(load.key, replaced, RemovalCause.REPLACED);
    }
  }

  private void fail(Load<K, V> load, Throwable failure) {
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.completeExceptionally(failure);
  }

  private V await(Load<K, V> running) {
    Thread self = Thread.currentThread();
    WAITING.put(self, running);
    try {
      checkForCycle(running, self);
      return running.result.get();
    } catch (InterruptedException e) {
      self.interrupt();
      throw new CacheLoadException("interrupted while waiting for the load of key " + running.key
          + " in cache '" + name + "'", e);
    } catch (ExecutionException e) {
      throw new CacheLoadException("load of key " + running.key + " failed in cache '" + name + "'", e.getCause());
    } finally {
      WAITING.remove(self);
    }
  }

  /** Follows owner → the load it waits for → its owner …; reaching this thread again means a deadlock. */
  private void checkForCycle(Load<?, ?> running, Thread self) {
    Load<?, ?> load = running;
    for (int hops = 0; load != null && hops < 1_000; hops++) {
      if (load.owner == self) {
        String message = (load == running)
            ? "the loader of key " + running.key + " asked cache '" + name + "' for the same key; "
                + "a loader may ask for other keys but not for its own"
            : "loads wait for each other in a cycle that includes key " + running.key + " in cache '" + name
                + "'; loaders on different threads must not ask for each other's keys";
        throw new LoadCycleException(message);
      }
      load = WAITING.get(load.owner);
    }
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    write(key, value);
  }

  /** Writes a value, overtaking any running load of the key; notifies REPLACED. Returns the old value. */
  V write(K key, V value) {
    V old;
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      supersede(key);
      old = storePut(key, value);
    } finally {
      lock.unlock();
    }
    if (old != null) {
      notifyRemoval(key, old, RemovalCause.REPLACED);
    }
    return old;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    checkOpen();
    Objects.requireNonNull(entries, "entries");
    entries.forEach((key, value) -> {
      Objects.requireNonNull(key, "entries must not contain a null key");
      Objects.requireNonNull(value, "entries must not contain a null value");
    });
    entries.forEach(this::write);
  }

  @Override
  public void invalidate(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    remove(key);
  }

  /** Removes a key, overtaking any running load of it; notifies EXPLICIT. Returns the old value. */
  V remove(Object key) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    V old;
    ReentrantLock lock = stripe(k);
    lock.lock();
    try {
      supersede(k);
      old = storeRemove(k);
    } finally {
      lock.unlock();
    }
    if (old != null) {
      notifyRemoval(k, old, RemovalCause.EXPLICIT);
    }
    return old;
  }

  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
    for (K key : keys) {
      remove(key);
    }
  }

  @Override
  public void invalidateAll() {
    checkOpen();
    for (K key : loads.keySet()) {
      ReentrantLock lock = stripe(key);
      lock.lock();
      try {
        supersede(key);
      } finally {
        lock.unlock();
      }
    }
    if (listener == null) {
      try {
        store.clear();
      } catch (StoreException e) {
        storeError(e);
      }
      return;
    }
    Iterator<Map.Entry<K, V>> entries;
    try {
      entries = store.iterator();
    } catch (StoreException e) {
      storeError(e);
      return;
    }
    while (entries.hasNext()) {
      remove(entries.next().getKey());
    }
  }

  /** Marks a running load of {@code key} as overtaken by a write. Caller holds the key's stripe lock. */
  private void supersede(K key) {
    Load<K, V> running = loads.get(key);
    if (running != null) {
      running.superseded = true;
    }
  }

  // ---- the rest of the API ----------------------------------------------------------------------------------

  @Override
  public ConcurrentMap<K, V> asMap() {
    MapView<K, V> view = mapView;
    if (view == null) {
      view = new MapView<>(this);
      mapView = view;
    }
    return view;
  }

  @Override
  public long estimatedSize() {
    checkOpen();
    return store.estimatedSize();
  }

  @Override
  public CacheStats stats() {
    return stats == null ? CacheStats.empty() : stats.snapshot();
  }

  @Override
  public void cleanUp() {
    checkOpen();
    try {
      store.cleanUp();
    } catch (StoreException e) {
      storeError(e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "Cache[" + name + "]";
  }

  // ---- helpers shared with the map view ---------------------------------------------------------------------

  ReentrantLock stripe(Object key) {
    int h = key.hashCode();
    h ^= (h >>> 16);
    return stripes[h & (STRIPES - 1)];
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("cache '" + name + "' is closed; build a new cache to go on caching");
    }
  }

  /** Runs a compound write (the map view's atomic operations) under the key's stripe, overtaking running loads. */
  <R> R atomically(K key, Function<K, R> action) {
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      supersede(key);
      return action.apply(key);
    } finally {
      lock.unlock();
    }
  }

  V storeGet(K key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  V storePut(K key, V value) {
    try {
      return store.put(key, value);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  V storeRemove(K key) {
    try {
      return store.remove(key);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  Iterator<Map.Entry<K, V>> storeIterator() {
    try {
      return store.iterator();
    } catch (StoreException e) {
      storeError(e);
      return Collections.emptyIterator();
    }
  }

  private void storeError(StoreException e) {
    if (stats != null) {
      stats.storeErrors.increment();
    }
    long now = ticker.read();
    long last = lastStoreErrorLog.get();
    if ((last == Long.MIN_VALUE || now - last >= STORE_ERROR_LOG_INTERVAL)
        && lastStoreErrorLog.compareAndSet(last, now)) {
      LOG.log(System.Logger.Level.WARNING, "cache '" + name + "': store failed, treated as a miss "
          + "(further store errors are logged at most every 10 s and counted in stats)", e);
    }
  }

  private void recordLoad(boolean success, long start) {
    if (stats != null) {
      (success ? stats.loadSuccesses : stats.loadFailures).increment();
      stats.loadTimeNanos.add(Math.max(0, ticker.read() - start));
    }
  }

  private void onEviction(K key, V value) {
    if (stats != null) {
      stats.evictions.increment();
    }
    notifyRemoval(key, value, RemovalCause.SIZE);
  }

  void notifyRemoval(K key, V value, RemovalCause cause) {
    if (listener == null) {
      return;
    }
    Runnable task = () -> {
      try {
        listener.onRemoval(key, value, cause);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cache '" + name + "': removal listener threw for key " + key, e);
      }
    };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  private CacheLoader<? super K, V> requireLoader() {
    if (loader == null) {
      throw new IllegalStateException("cache '" + name + "' has no CacheLoader; use get(key, loader) "
          + "or build it with CacheBuilder.build(loader)");
    }
    return loader;
  }

  /** A loader that may throw checked exceptions: both {@code Function} and {@link CacheLoader} adapt to it. */
  @FunctionalInterface
  private interface Loader<K, V> {
    V load(K key) throws Exception;
  }

  @FunctionalInterface
  private interface BulkLoader<K, V> {
    Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception;
  }
}
