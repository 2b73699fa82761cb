package dev.cachelab.internal;

import dev.cachelab.CacheLoadException;
import dev.cachelab.CacheLoader;
import dev.cachelab.CacheStats;
import dev.cachelab.LoadingCache;
import dev.cachelab.RemovalCause;
import dev.cachelab.RemovalListener;
import dev.cachelab.Ticker;
import dev.cachelab.Weigher;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The cache every builder returns, whatever the store: it owns the semantics (single flight, recursion, expiry,
 * refresh, statistics, removal notifications, error handling) and uses the {@link Store} only as storage. The store
 * holds {@link Stamped} values: the user's value plus the times that decide its expiry and refresh.
 *
 * <p><b>Single flight.</b> A miss registers a {@link Load} for its key in {@link #loads}; a second thread missing
 * the same key finds it and waits for its result instead of loading again. The loader runs on the registering
 * thread with no lock held, so it may ask this cache for other keys (memoized recursion). A load that would wait for
 * itself — its own key, or a cycle of loads across threads — fails with {@link IllegalStateException} instead of
 * deadlocking.
 *
 * <p><b>Writes versus loads and refreshes.</b> Every write of a key (put, invalidate, the map view's atomic
 * operations, a load's result) holds the key's lock stripe. A user's write marks a running load of that key as
 * superseded, and any write marks a running refresh as superseded: a superseded load hands its value to its callers
 * but does not store it, and a superseded refresh is discarded, so neither can bring back an older value after a
 * newer write.
 *
 * <p><b>Time.</b> Expiry is decided here, from the ticker, on every read: an expired entry is never returned (with
 * {@code staleIfError}, it is kept for that long past expiry and served only when its reload fails). Removal is lazy
 * — on the next read, on {@link #cleanUp()}, or at expiry when a scheduler is set. A refresh ({@code
 * refreshAfterWrite}, XFetch's early refresh, or {@link #refresh}) runs on the executor while readers keep getting
 * the current value; once an entry has expired, readers load it themselves and never wait for a refresh.
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
  private final Lifetimes<K, V> lifetimes;
  /** Whether reads must read the ticker: entries expire, or may be refreshed by age. */
  private final boolean timed;
  private final boolean expires;
  private final long refreshAfterWriteNanos;
  private final double earlyRefreshBeta;
  private final long staleIfErrorNanos;
  private final RandomGenerator random;
  private final ExpiryTimer<K> timer;
  /** The cache loader adapted for background reloads; {@code null} without a loader. */
  private final AsyncLoader<K, V> loaderReload;

  private final ConcurrentHashMap<K, Load<K, V>> loads = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<K, Refresh<V>> refreshes = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  /** User writes per stripe, counted under the stripe's lock; see {@link #writeMarks()}. */
  private final AtomicLongArray stripeWrites = new AtomicLongArray(STRIPES);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong lastStoreErrorLog = new AtomicLong(Long.MIN_VALUE);
  private volatile MapView<K, V> mapView;

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
    this.loaderReload = (loader == null) ? null : syncReload(loader::load);
    this.listener = (RemovalListener) spec.removalListener();
    this.executor = spec.executor();
    this.ticker = spec.ticker();
    this.stats = spec.recordStats() ? new StatsCounter() : null;
    this.random = spec.random();
    this.lifetimes = new Lifetimes<>(spec.expireAfterWriteNanos(), spec.expireAfterAccessNanos(),
        (dev.cachelab.Expiry) spec.expiry(), spec.negativeCachingNanos(), spec.expiryJitter(), random);
    this.expires = lifetimes.expires() || lifetimes.cachesAbsence();
    this.refreshAfterWriteNanos = spec.refreshAfterWriteNanos();
    this.earlyRefreshBeta = spec.earlyRefreshBeta();
    this.staleIfErrorNanos = spec.staleIfErrorNanos();
    this.timed = expires || refreshAfterWriteNanos != Stamped.NEVER;
    this.timer = (spec.scheduler() != null && expires)
        ? new ExpiryTimer<>(spec.scheduler(), () -> runInBackground(this::expireDue))
        : null;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    StoreConfig<K, V> config = new StoreConfig<>(name, spec.maximumSize(), spec.maximumWeight(),
        (Weigher<? super K, ? super V>) spec.weigher(), spec.evictionPolicy(), executor, this::onEviction);
    this.store = spec.store().create(config);
  }

  // ---- reads ------------------------------------------------------------------------------------------------

  @Override
  public V getIfPresent(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return present(key, storeRead(key));
  }

  /** {@link #getIfPresent} once the store has answered: counts, touches, may start a refresh. */
  private V present(K key, Stamped<V> entry) {
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now) && loaderReload != null) {
        startRefresh(key, entry, loaderReload);
      }
      return entry.value();
    }
    recordMiss();
    if (entry != null) {
      expired(key, entry, now);
    }
    return null;
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> mappingFunction) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mappingFunction, "loader");
    Stamped<V> entry = storeRead(key);
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now)) {
        startRefresh(key, entry, syncReload(mappingFunction::apply));
      }
      return entry.value();
    }
    return miss(key, entry, now, mappingFunction::apply);
  }

  @Override
  public V get(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    CacheLoader<? super K, V> cacheLoader = requireLoader();
    Stamped<V> entry = storeRead(key);
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now)) {
        startRefresh(key, entry, loaderReload);
      }
      return entry.value();
    }
    return miss(key, entry, now, cacheLoader::load);
  }

  private boolean isLive(Stamped<V> entry, long now) {
    return entry != null && !(expires && entry.isExpired(now));
  }

  /** A read found nothing live: count the miss, deal with an expired entry, and load. */
  private V miss(K key, Stamped<V> entry, long now, Loader<K, V> loadFunction) {
    recordMiss();
    Stamped<V> stale = (entry == null) ? null : expired(key, entry, now);
    return load(key, loadFunction, stale);
  }

  /**
   * A read found a live entry: extends its access expiry; returns whether a background refresh is due. Free when
   * nothing is timed.
   */
  private boolean afterHit(K key, Stamped<V> entry, long now) {
    if (!timed) {
      return false;
    }
    Stamped<V> touched = lifetimes.onRead(key, entry, now);
    if (touched != null) {
      storeReplace(key, entry, touched); // if a write came in between, it wins and the touch is dropped
    }
    return !entry.isAbsent() && refreshDue(entry, now);
  }

  /**
   * A refresh is due when the entry is older than {@code refreshAfterWrite}, or when XFetch volunteers (Vattani,
   * Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede Prevention", VLDB 2015): recompute early when
   * {@code delta × beta × −ln(r) ≥ time left}, with delta the time the value took to compute and r uniform in
   * (0, 1]. The closer the expiry and the slower the computation, the likelier a read volunteers; beta above 1
   * favours earlier refreshes.
   */
  private boolean refreshDue(Stamped<V> entry, long now) {
    if (now - entry.writeTime() >= refreshAfterWriteNanos) {
      return true;
    }
    if (earlyRefreshBeta > 0 && entry.loadNanos() > 0 && entry.expires()) {
      double r = 1.0 - random.nextDouble(); // in (0, 1]
      return entry.loadNanos() * earlyRefreshBeta * -Math.log(r) >= entry.remaining(now);
    }
    return false;
  }

  /**
   * Handles an expired entry that a read found: returns it if it may still be served when a reload fails
   * ({@code staleIfError}), otherwise removes it (notifying {@code EXPIRED}) and returns {@code null}.
   */
  private Stamped<V> expired(K key, Stamped<V> entry, long now) {
    if (!entry.isAbsent() && -entry.remaining(now) < staleIfErrorNanos) {
      return entry;
    }
    removeExpired(key, entry);
    return null;
  }

  /** Removes {@code entry} if the store still holds it, and reports it as expired. */
  private void removeExpired(K key, Stamped<V> entry) {
    boolean removed = false;
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      removed = storeRemove(key, entry);
    } finally {
      lock.unlock();
    }
    if (removed && !entry.isAbsent()) {
      if (stats != null) {
        stats.expirations.increment();
      }
      notifyRemoval(key, entry.value(), RemovalCause.EXPIRED);
    }
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    Set<K> requested = collectKeys(keys);
    Map<K, Stamped<V>> fetched = storeReadAll(requested); // one round trip on a remote store
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : requested) {
      V value = present(key, fetched.get(key));
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
    long[] marks = writeMarks(); // before the first read: any write after it beats what the bulk load returns
    Map<K, V> found = new LinkedHashMap<>();
    Set<K> missing = new LinkedHashSet<>();
    Set<K> requested = collectKeys(keys);
    Map<K, Stamped<V>> fetched = storeReadAll(requested); // one round trip on a remote store
    for (K key : requested) {
      V value = present(key, fetched.get(key));
      if (value == null) {
        missing.add(key);
      } else {
        found.put(key, value);
      }
    }
    if (!missing.isEmpty()) {
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
      storeBulk(loaded, missing, found, marks);
    }
    return ordered(requested, found);
  }

  /**
   * Stores a bulk load's entries, collecting the requested ones into {@code found}: the caller gets every value the
   * loader returned for the keys it asked for, but a value is stored only if no write reached its key since
   * {@code marks} (writes beat loads, as for a single key).
   */
  void storeBulk(Map<? extends K, ? extends V> loaded, Set<K> missing, Map<K, V> found, long[] marks) {
    for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        storeLoaded(entry.getKey(), entry.getValue(), marks);
        if (missing.contains(entry.getKey())) {
          found.put(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  /**
   * Returns the write counts of the lock stripes: a bulk load takes them before it starts, and stores a value only
   * if its key's stripe has seen no user write since. A single load is a registered {@link Load} that a write of its
   * key marks superseded; a bulk load cannot register its answer for keys it did not ask for (a loader may return
   * extra entries), so it compares counts instead. A write to another key of the same stripe (one in
   * {@value #STRIPES}) then also keeps a value out of the cache, which only costs a later miss.
   */
  long[] writeMarks() {
    long[] marks = new long[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      marks[i] = stripeWrites.get(i);
    }
    return marks;
  }

  /** Stores one value of a bulk load unless a user's write to its stripe came after {@code marks}. */
  private void storeLoaded(K key, V value, long[] marks) {
    int index = stripeIndex(key);
    ReentrantLock lock = stripes[index];
    lock.lock();
    try {
      if (!closed.get() && stripeWrites.get(index) == marks[index]) {
        supersedeRefresh(key); // a newer value than the one a running refresh started from
        putLocked(key, value);
      }
    } finally {
      lock.unlock();
    }
  }

  private static <K> Set<K> collectKeys(Iterable<? extends K> keys) {
    Set<K> requested = new LinkedHashSet<>();
    for (K key : keys) {
      requested.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    return requested;
  }

  private static <K, V> Map<K, V> ordered(Set<K> requested, Map<K, V> found) {
    Map<K, V> ordered = new LinkedHashMap<>();
    for (K key : requested) {
      V value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    return Collections.unmodifiableMap(ordered);
  }

  // ---- single flight ----------------------------------------------------------------------------------------

  /**
   * Registers a load of {@code key}, or returns the one already running. If a load of the key completed since the
   * caller's miss, completes {@code mine} with its value right away.
   */
  private Load<K, V> register(Load<K, V> mine) {
    ReentrantLock lock = stripe(mine.key);
    lock.lock();
    try {
      Load<K, V> running = loads.putIfAbsent(mine.key, mine);
      if (running != null) {
        return running;
      }
      // A load of this key may have completed between our miss and our registration.
      Stamped<V> present = storeGet(mine.key);
      if (present != null && !(expires && present.isExpired(ticker.read()))) {
        loads.remove(mine.key, mine);
        mine.result.complete(present.value());
      }
      return mine;
    } finally {
      lock.unlock();
    }
  }

  private V load(K key, Loader<K, V> loadFunction, Stamped<V> stale) {
    Load<K, V> mine = new Load<>(key, Thread.currentThread());
    Load<K, V> running = register(mine);
    if (running != mine) {
      return await(running);
    }
    if (mine.result.isDone()) {
      return mine.result.getNow(null);
    }
    try (LoadLease<V> lease = storeBeginLoad(key)) {
      if (adopt(mine, lease)) {
        return mine.result.getNow(null);
      }
      long start = ticker.read();
      V value;
      try {
        value = loadFunction.load(key);
      } catch (Throwable failure) {
        recordLoad(false, start);
        if (serveStale(mine, stale)) {
          return stale.value();
        }
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
      finish(mine, value, ticker.read() - start, stale);
      return value;
    }
  }

  /**
   * Completes {@code load} with the entry another process produced while this one waited for its lease (distributed
   * single flight), if there is a live one; returns whether it did. The entry is in the store already.
   */
  private boolean adopt(Load<K, V> load, LoadLease<V> lease) {
    Stamped<V> produced = lease.entry();
    if (produced == null || (expires && produced.isExpired(ticker.read()))) {
      return false;
    }
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.complete(produced.value());
    return true;
  }

  /** When a load fails within {@code staleIfError} of its entry's expiry, serves the stale value to every waiter. */
  private boolean serveStale(Load<K, V> load, Stamped<V> stale) {
    if (stale == null || -stale.remaining(ticker.read()) >= staleIfErrorNanos) {
      return false;
    }
    if (stats != null) {
      stats.staleServed.increment();
    }
    load.servedStale = true;
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.complete(stale.value());
    return true;
  }

  /**
   * Stores a load's value (or remembered absence) unless a user's write overtook it, then releases the waiters.
   * A {@code null} value without negative caching stores nothing, and drops the expired entry it replaced.
   */
  private void finish(Load<K, V> load, V value, long loadNanos, Stamped<V> previous) {
    Stamped<V> replaced = null;
    boolean stored = false;
    long now = ticker.read();
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
      if (!load.superseded && !closed.get() && (value != null || lifetimes.cachesAbsence())) {
        supersedeRefresh(load.key);
        Stamped<V> stamped = lifetimes.stamp(load.key, value, now, loadNanos, previous);
        replaced = storePut(load.key, stamped);
        stored = true;
      }
    } finally {
      lock.unlock();
    }
    load.result.complete(value);
    if (stored) {
      scheduleExpiry(load.key, now);
      notifyReplaced(load.key, replaced, now);
    } else if (previous != null && value == null) {
      removeExpired(load.key, previous);
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
    V value = running.await(name);
    if (running.servedStale && stats != null) {
      stats.staleServed.increment();
    }
    return value;
  }

  // ---- asynchronous loading (AsyncCache) --------------------------------------------------------------------

  /** The asynchronous get-or-load: single flight shares one load; each caller gets its own copy of the future. */
  CompletableFuture<V> getAsync(K key, AsyncLoader<K, V> asyncLoader) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Stamped<V> entry = storeGet(key);
    long now = timed ? ticker.read() : 0;
    if (entry != null && !(expires && entry.isExpired(now))) {
      recordHit();
      if (afterHit(key, entry, now)) {
        startRefresh(key, entry, asyncLoader);
      }
      return CompletableFuture.completedFuture(entry.value());
    }
    recordMiss();
    Stamped<V> stale = (entry == null) ? null : expired(key, entry, now);
    Load<K, V> mine = new Load<>(key, null);
    Load<K, V> running = register(mine);
    if (running == mine && !mine.result.isDone()) {
      startAsyncLoad(mine, asyncLoader, stale);
    }
    return running.result.copy();
  }

  /** Returns the in-flight load of {@code key} (a copy), or {@code null}. */
  CompletableFuture<V> loadingFuture(K key) {
    Load<K, V> running = loads.get(key);
    return running == null ? null : running.result.copy();
  }

  private void startAsyncLoad(Load<K, V> mine, AsyncLoader<K, V> asyncLoader, Stamped<V> stale) {
    LoadLease<V> lease = storeBeginLoad(mine.key);
    if (adopt(mine, lease)) {
      lease.close();
      return;
    }
    long start = ticker.read();
    CompletableFuture<? extends V> pending;
    try {
      // While the loader builds its future, this thread runs the load: a loader that asks for its own key right
      // here fails fast as a synchronous one does, instead of waiting for a future it has not returned yet.
      mine.owner = Thread.currentThread();
      try {
        pending = Objects.requireNonNull(asyncLoader.start(mine.key), "the async loader returned a null future");
      } finally {
        mine.owner = null;
      }
    } catch (Throwable failure) {
      recordLoad(false, start);
      if (!serveStale(mine, stale)) {
        fail(mine, failure);
      }
      lease.close();
      return;
    }
    pending.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          recordLoad(false, start);
          if (!serveStale(mine, stale)) {
            fail(mine, unwrap(failure));
          }
        } else {
          recordLoad(value != null, start);
          finish(mine, value, ticker.read() - start, stale);
        }
      } finally {
        lease.close();
      }
    });
  }

  private static Throwable unwrap(Throwable failure) {
    return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
  }

  // ---- refresh ----------------------------------------------------------------------------------------------

  /** One background reload in progress, of the entry it started from. */
  private static final class Refresh<V> {
    final Stamped<V> base;
    final CompletableFuture<V> result = new CompletableFuture<>();
    /** Guarded by the key's stripe lock. */
    boolean superseded;

    Refresh(Stamped<V> base) {
      this.base = base;
    }
  }

  @Override
  public CompletableFuture<V> refresh(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    AsyncLoader<K, V> reload = syncReload(requireLoader()::load);
    Stamped<V> current = storeGet(key);
    if (current != null && expires && current.isExpired(ticker.read())) {
      current = null;
    }
    return startRefresh(key, current, reload).copy();
  }

  /** Starts one reload of {@code key} on the executor, unless one is already running; returns its future. */
  private CompletableFuture<V> startRefresh(K key, Stamped<V> base, AsyncLoader<K, V> reload) {
    Refresh<V> mine = new Refresh<>(base);
    Refresh<V> running = refreshes.putIfAbsent(key, mine);
    if (running != null) {
      return running.result;
    }
    runInBackground(() -> runRefresh(key, mine, reload));
    return mine.result;
  }

  private void runRefresh(K key, Refresh<V> refresh, AsyncLoader<K, V> reload) {
    LoadLease<V> lease = storeBeginLoad(key); // one process refreshes a key at a time
    Stamped<V> produced = lease.entry();
    if (produced != null) { // another process refreshed it meanwhile: its write is in the store already
      lease.close();
      refreshes.remove(key, refresh);
      refresh.result.complete(produced.value());
      return;
    }
    long start = ticker.read();
    CompletableFuture<? extends V> pending;
    try {
      pending = Objects.requireNonNull(reload.start(key), "the async loader returned a null future");
    } catch (Throwable failure) {
      lease.close();
      refreshFailed(key, refresh, failure);
      return;
    }
    pending.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          refreshFailed(key, refresh, unwrap(failure));
        } else {
          refreshDone(key, refresh, value, start);
        }
      } finally {
        lease.close();
      }
    });
  }

  private void refreshFailed(K key, Refresh<V> refresh, Throwable failure) {
    refreshes.remove(key, refresh);
    if (stats != null) {
      stats.refreshFailures.increment();
    }
    LOG.log(System.Logger.Level.DEBUG, "cache '" + name + "': refresh of key " + key + " failed; "
        + "the current value is kept until it expires", failure);
    refresh.result.completeExceptionally(failure);
  }

  /**
   * Stores a reload's value if the entry it refreshed is still the one in the store: a write since then (a put, an
   * invalidation, a newer load) wins, and an expired entry that was removed is not brought back.
   */
  private void refreshDone(K key, Refresh<V> refresh, V value, long start) {
    long now = ticker.read();
    Stamped<V> replaced = null;
    boolean stored = false;
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      refreshes.remove(key, refresh);
      if (!refresh.superseded && !closed.get()) {
        Stamped<V> base = refresh.base;
        boolean keep = value != null || lifetimes.cachesAbsence();
        if (base == null) { // a refresh of a key that had nothing: store only if still nothing
          if (keep && storeGet(key) == null) {
            replaced = storePut(key, lifetimes.stamp(key, value, now, now - start, null));
            stored = true;
          }
        } else if (keep) {
          stored = storeReplace(key, base, lifetimes.stamp(key, value, now, now - start, base));
          replaced = stored ? base : null;
        } else if (storeRemove(key, base)) {
          replaced = base;
        }
      }
    } finally {
      lock.unlock();
    }
    if (stored) {
      if (stats != null) {
        stats.refreshSuccesses.increment();
      }
      scheduleExpiry(key, now);
      notifyReplaced(key, replaced, now);
    } else if (replaced != null && !replaced.isAbsent()) {
      notifyRemoval(key, replaced.value(), RemovalCause.EXPLICIT);
    }
    refresh.result.complete(value);
  }

  /** Adapts a synchronous loader to a reload that runs on the executor thread and completes at once. */
  private static <K, V> AsyncLoader<K, V> syncReload(Loader<K, V> loadFunction) {
    return key -> CompletableFuture.completedFuture(loadFunction.load(key));
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    write(key, value);
  }

  /** Writes a value, overtaking any running load or refresh of the key. Returns the old live value. */
  V write(K key, V value) {
    return atomically(key, k -> putLocked(k, value));
  }

  /**
   * Stores {@code value} and reports what it replaced: {@code REPLACED}, or {@code EXPIRED} for an entry whose time
   * had run out. Caller holds the key's stripe lock. Returns the old value if it was live.
   */
  V putLocked(K key, V value) {
    long now = ticker.read();
    Stamped<V> live = null;
    if (lifetimes.usesPreviousLifetime()) { // an Expiry's expireAfterUpdate wants the time the old value had left
      Stamped<V> previous = storeGet(key);
      live = (previous == null || previous.isExpired(now)) ? null : previous;
    }
    Stamped<V> replaced = storeWrite(key, lifetimes.stamp(key, value, now, 0, live));
    scheduleExpiry(key, now);
    notifyReplaced(key, replaced, now);
    return (replaced == null || replaced.isAbsent() || (expires && replaced.isExpired(now))) ? null : replaced.value();
  }

  /** Removes a key and reports it ({@code EXPLICIT}, or {@code EXPIRED}). Caller holds the stripe lock. */
  V removeLocked(K key) {
    Stamped<V> removed = storeDelete(key);
    if (removed == null || removed.isAbsent()) {
      return null;
    }
    long now = timed ? ticker.read() : 0;
    if (expires && removed.isExpired(now)) {
      reportExpired(key, removed);
      return null;
    }
    notifyRemoval(key, removed.value(), RemovalCause.EXPLICIT);
    return removed.value();
  }

  /** Returns the live entry of {@code key} without counting a read, or {@code null}. Caller holds the stripe lock. */
  Stamped<V> peekLocked(K key) {
    Stamped<V> entry = storeGet(key);
    if (entry == null || entry.isAbsent() || (expires && entry.isExpired(ticker.read()))) {
      return null;
    }
    return entry;
  }

  /*
   * The conditional writes of the map view. Under the key's stripe lock no other write of the key can come in, but
   * the store may still evict the entry that was read (evictions take no stripe lock). So a write that depends on
   * what was read is a compare-and-set on the store: it replaces or removes exactly the write it read, or nothing.
   * A write that found nothing needs no such check: only writes through this cache, all under the stripe, insert.
   */

  /**
   * Replaces {@code expected}, a live entry read under the stripe lock, with {@code value} and reports it replaced;
   * returns {@code false}, having written nothing, if the store evicted it meanwhile. Caller holds the stripe lock.
   */
  boolean replaceLocked(K key, Stamped<V> expected, V value) {
    long now = ticker.read();
    if (!storeReplace(key, expected, lifetimes.stamp(key, value, now, 0, expected))) {
      return false;
    }
    scheduleExpiry(key, now);
    notifyReplaced(key, expected, now);
    return true;
  }

  /**
   * Removes {@code expected}, a live entry read under the stripe lock, and reports it ({@code EXPLICIT}, or
   * {@code EXPIRED} if its time ran out since); returns {@code false} if the store evicted it meanwhile. Caller holds
   * the stripe lock.
   */
  boolean removeLocked(K key, Stamped<V> expected) {
    if (!storeRemove(key, expected)) {
      return false;
    }
    if (expires && expected.isExpired(ticker.read())) {
      reportExpired(key, expected);
    } else {
      notifyRemoval(key, expected.value(), RemovalCause.EXPLICIT);
    }
    return true;
  }

  private void notifyReplaced(K key, Stamped<V> replaced, long now) {
    if (replaced == null || replaced.isAbsent()) {
      return;
    }
    if (expires && replaced.isExpired(now)) {
      reportExpired(key, replaced);
    } else {
      notifyRemoval(key, replaced.value(), RemovalCause.REPLACED);
    }
  }

  private void reportExpired(K key, Stamped<V> entry) {
    if (stats != null) {
      stats.expirations.increment();
    }
    notifyRemoval(key, entry.value(), RemovalCause.EXPIRED);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    checkOpen();
    Objects.requireNonNull(entries, "entries");
    entries.forEach((key, value) -> {
      Objects.requireNonNull(key, "entries must not contain a null key");
      Objects.requireNonNull(value, "entries must not contain a null value");
    });
    if (entries.size() < 2 || lifetimes.usesPreviousLifetime()) {
      entries.forEach(this::write);
      return;
    }
    writeAll(entries);
  }

  /**
   * {@link #putAll} in one call to the store (one round trip on a remote store), under every stripe lock its keys
   * fall in, taken in index order so that two bulk writes cannot deadlock. Notifies as {@link #putLocked} does.
   */
  private void writeAll(Map<? extends K, ? extends V> entries) {
    int[] held = entries.keySet().stream().mapToInt(CacheFacade::stripeIndex).distinct().sorted().toArray();
    for (int index : held) {
      stripes[index].lock();
    }
    try {
      long now = ticker.read();
      Map<K, Stamped<V>> stamped = new LinkedHashMap<>();
      entries.forEach((key, value) -> {
        supersede(key);
        stamped.put(key, lifetimes.stamp(key, value, now, 0, null));
      });
      Map<K, Stamped<V>> replaced = storeWriteAll(stamped);
      for (K key : stamped.keySet()) {
        scheduleExpiry(key, now);
        notifyReplaced(key, replaced.get(key), now);
      }
    } finally {
      for (int i = held.length - 1; i >= 0; i--) {
        stripes[held[i]].unlock();
      }
    }
  }

  @Override
  public void invalidate(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    remove(key);
  }

  /** Removes a key, overtaking any running load or refresh of it. Returns the old live value. */
  @SuppressWarnings("unchecked")
  V remove(Object key) {
    return atomically((K) key, this::removeLocked);
  }

  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    checkOpen();
    for (K key : collectKeys(Objects.requireNonNull(keys, "keys"))) {
      remove(key);
    }
  }

  @Override
  public void invalidateAll() {
    checkOpen();
    for (int i = 0; i < STRIPES; i++) { // a bulk load running now must not store, after this, what it loaded before
      stripes[i].lock();
      try {
        stripeWrites.incrementAndGet(i);
      } finally {
        stripes[i].unlock();
      }
    }
    for (K key : loads.keySet()) {
      atomically(key, k -> null);
    }
    for (K key : refreshes.keySet()) {
      atomically(key, k -> null);
    }
    if (listener == null) {
      try {
        store.clear();
      } catch (StoreException e) {
        storeError(e);
      }
      return;
    }
    Iterator<Map.Entry<K, Stamped<V>>> entries = storeIterator();
    while (entries.hasNext()) {
      remove(entries.next().getKey());
    }
  }

  /**
   * Marks running loads and refreshes of {@code key} as overtaken by a user's write. Caller holds the stripe. The
   * load also leaves {@link #loads}: its callers still get its value, but a caller that arrives after the write
   * starts a load of its own instead of joining one that began before the write (as Guava and Caffeine do).
   */
  private void supersede(K key) {
    stripeWrites.incrementAndGet(stripeIndex(key));
    Load<K, V> running = loads.remove(key);
    if (running != null) {
      running.superseded = true;
    }
    supersedeRefresh(key);
  }

  private void supersedeRefresh(K key) {
    Refresh<V> refresh = refreshes.get(key);
    if (refresh != null) {
      refresh.superseded = true;
    }
  }

  // ---- expiry maintenance -----------------------------------------------------------------------------------

  private void scheduleExpiry(K key, long now) {
    if (timer == null) {
      return;
    }
    Stamped<V> entry = storeGet(key);
    if (entry != null && entry.expires()) {
      timer.schedule(key, saturatedAdd(Math.max(0, entry.remaining(now)), staleIfErrorNanos), now);
    }
  }

  /** Removes the entries whose time (plus any stale-if-error grace) has run out; the scheduler's wake-up. */
  private void expireDue() {
    if (closed.get()) {
      return;
    }
    long now = ticker.read();
    for (K key : timer.due(now)) {
      Stamped<V> entry = storeGet(key);
      if (entry == null) {
        continue;
      }
      long overdue = -entry.remaining(now);
      if (overdue >= 0 && (entry.isAbsent() || overdue >= staleIfErrorNanos)) {
        removeExpired(key, entry);
      } else if (entry.expires()) {
        // Extended by reads since it was scheduled: look again when its new time comes.
        timer.schedule(key, saturatedAdd(Math.max(0, entry.remaining(now)), staleIfErrorNanos), now);
      }
    }
    timer.rearm(now);
  }

  /** Sweeps the whole store for expired entries; what {@link #cleanUp()} does without a scheduler. */
  private void expireAll() {
    long now = ticker.read();
    Iterator<Map.Entry<K, Stamped<V>>> entries = storeIterator();
    while (entries.hasNext()) {
      Map.Entry<K, Stamped<V>> entry = entries.next();
      Stamped<V> stamped = entry.getValue();
      long overdue = -stamped.remaining(now);
      if (overdue >= 0 && (stamped.isAbsent() || overdue >= staleIfErrorNanos)) {
        removeExpired(entry.getKey(), stamped);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return (sum < 0) ? Long.MAX_VALUE : sum;
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
    if (expires) {
      expireAll();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (timer != null) {
        timer.cancel();
      }
      store.close();
    }
  }

  @Override
  public String toString() {
    return "Cache[" + name + "]";
  }

  // ---- helpers shared with the map view and the async view --------------------------------------------------

  ReentrantLock stripe(Object key) {
    return stripes[stripeIndex(key)];
  }

  private static int stripeIndex(Object key) {
    int h = key.hashCode();
    h ^= (h >>> 16);
    return h & (STRIPES - 1);
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("cache '" + name + "' is closed; build a new cache to go on caching");
    }
  }

  /** Runs a write of {@code key} under its stripe lock, overtaking running loads and refreshes of the key. */
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

  /** Returns a weakly consistent iterator over the live entries (not counted as reads). */
  Iterator<Map.Entry<K, V>> liveEntries() {
    Iterator<Map.Entry<K, Stamped<V>>> entries = storeIterator();
    return new Iterator<>() {
      private Map.Entry<K, V> next = advance();

      private Map.Entry<K, V> advance() {
        long now = timed ? ticker.read() : 0;
        while (entries.hasNext()) {
          Map.Entry<K, Stamped<V>> entry = entries.next();
          Stamped<V> stamped = entry.getValue();
          if (!stamped.isAbsent() && !(expires && stamped.isExpired(now))) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(entry.getKey(), stamped.value());
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Map.Entry<K, V> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, V> current = next;
        next = advance();
        return current;
      }
    };
  }

  /**
   * The read that starts a caller's lookup: a fail-closed store's failure reaches the caller here, before any load is
   * registered, so no waiter can be stranded. Everywhere else a store failure is a miss.
   */
  private Stamped<V> storeRead(K key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      storeError(e);
      if (e.failClosed()) {
        throw e;
      }
      return null;
    }
  }

  /** {@link #storeRead} for several keys, in one call to the store. */
  private Map<K, Stamped<V>> storeReadAll(Set<K> keys) {
    try {
      return store.getAll(keys);
    } catch (StoreException e) {
      storeError(e);
      if (e.failClosed()) {
        throw e;
      }
      return Map.of();
    }
  }

  /** An explicit write ({@code put}): a fail-closed store's failure reaches the caller. Caller holds the stripe. */
  private Stamped<V> storeWrite(K key, Stamped<V> entry) {
    try {
      return store.put(key, entry);
    } catch (StoreException e) {
      storeError(e);
      if (e.failClosed()) {
        throw e;
      }
      return null;
    }
  }

  /** {@link #storeWrite} for several entries, in one call to the store. */
  private Map<K, Stamped<V>> storeWriteAll(Map<K, Stamped<V>> entries) {
    try {
      return store.putAll(entries);
    } catch (StoreException e) {
      storeError(e);
      if (e.failClosed()) {
        throw e;
      }
      return Map.of();
    }
  }

  /** An explicit removal ({@code invalidate}): a fail-closed store's failure reaches the caller. */
  private Stamped<V> storeDelete(K key) {
    try {
      return store.remove(key);
    } catch (StoreException e) {
      storeError(e);
      if (e.failClosed()) {
        throw e;
      }
      return null;
    }
  }

  private Stamped<V> storeGet(K key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  private Stamped<V> storePut(K key, Stamped<V> value) {
    try {
      return store.put(key, value);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  private boolean storeReplace(K key, Stamped<V> expected, Stamped<V> entry) {
    try {
      return store.replace(key, expected, entry);
    } catch (StoreException e) {
      storeError(e);
      return false;
    }
  }

  private boolean storeRemove(K key, Stamped<V> expected) {
    try {
      return store.remove(key, expected);
    } catch (StoreException e) {
      storeError(e);
      return false;
    }
  }

  private LoadLease<V> storeBeginLoad(K key) {
    try {
      return store.beginLoad(key);
    } catch (StoreException e) {
      storeError(e); // cannot coordinate with other processes: load here all the same
      return LoadLease.none();
    }
  }

  private Stamped<V> storeRemove(K key) {
    try {
      return store.remove(key);
    } catch (StoreException e) {
      storeError(e);
      return null;
    }
  }

  private Iterator<Map.Entry<K, Stamped<V>>> storeIterator() {
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

  private void recordHit() {
    if (stats != null) {
      stats.hits.increment();
    }
  }

  private void recordMiss() {
    if (stats != null) {
      stats.misses.increment();
    }
  }

  private void recordLoad(boolean success, long start) {
    if (stats != null) {
      (success ? stats.loadSuccesses : stats.loadFailures).increment();
      stats.loadTimeNanos.add(Math.max(0, ticker.read() - start));
    }
  }

  private void onEviction(K key, Stamped<V> evicted) {
    if (evicted.isAbsent()) {
      return;
    }
    if (stats != null) {
      stats.evictions.increment();
    }
    notifyRemoval(key, evicted.value(), RemovalCause.SIZE);
  }

  private void notifyRemoval(K key, V value, RemovalCause cause) {
    if (listener == null) {
      return;
    }
    runInBackground(() -> {
      try {
        listener.onRemoval(key, value, cause);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cache '" + name + "': removal listener threw for key " + key, e);
      }
    });
  }

  /** Runs {@code task} on the executor; if the executor refuses it, on this thread. */
  private void runInBackground(Runnable task) {
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
  interface Loader<K, V> {
    V load(K key) throws Exception;
  }

  /** Starts a load and returns its future: an {@code AsyncCache}'s loader, or a synchronous one adapted. */
  @FunctionalInterface
  interface AsyncLoader<K, V> {
    CompletableFuture<? extends V> start(K key) throws Exception;
  }

  @FunctionalInterface
  private interface BulkLoader<K, V> {
    Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception;
  }
}
